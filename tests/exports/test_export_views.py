from urllib.parse import quote

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

from .conftest import open_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def two_townships(make_project, places):
    mine = make_project(name="保家镇项目")
    other = make_project(
        name="汉葭项目",
        township=places["hanjia"],
        village=places["hanjia_village"],
        managing_unit=places["hanjia_village_unit"],
    )
    return mine, other


def login(client, user):
    client.login(username=user.username, password=PASSWORD)


def names(data: bytes) -> set:
    ws = open_xlsx(data).active
    return {r[1] for r in ws.iter_rows(min_row=5, values_only=True) if isinstance(r[0], int)}


def test_ledger_download_has_type_filename_and_only_the_township(client, personas, two_townships):
    login(client, personas["alice"])
    response = client.get(reverse("export_ledger"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert quote("管理台账_保家镇_") in response["Content-Disposition"]
    assert names(b"".join(response.streaming_content)) == {"保家镇项目"}


def test_county_user_filters_by_township(client, personas, two_townships, places):
    login(client, personas["carl"])
    response = client.get(reverse("export_ledger"), {"township": places["hanjia"].pk})
    assert names(b"".join(response.streaming_content)) == {"汉葭项目"}
    response = client.get(reverse("export_ledger"))
    assert names(b"".join(response.streaming_content)) == {"保家镇项目", "汉葭项目"}


def test_department_sees_only_its_projects(client, personas, two_townships, make_project, places):
    make_project(name="林业项目", managing_level="department", managing_unit=places["forestry"])
    login(client, personas["dan"])
    response = client.get(reverse("export_ledger"))
    assert names(b"".join(response.streaming_content)) == {"林业项目"}


def test_statistics_download_for_township_groups_by_village(client, personas, two_townships):
    login(client, personas["alice"])
    response = client.get(reverse("export_statistics"))
    assert response["Content-Type"] == XLSX
    assert quote("分类统计表_保家镇_") in response["Content-Disposition"]
    ws = open_xlsx(b"".join(response.streaming_content)).active
    total = next(r for r in ws.iter_rows(min_row=5, values_only=True) if r[0] == "合计")
    assert total[3] == 1


def test_unknown_township_filter_is_404(client, personas):
    login(client, personas["carl"])
    assert client.get(reverse("export_ledger"), {"township": 999999}).status_code == 404
    assert client.get(reverse("export_ledger"), {"township": "x"}).status_code == 404


def test_exports_page_lists_the_downloads(client, personas):
    login(client, personas["alice"])
    response = client.get(reverse("exports"))
    assert response.status_code == 200
    assert reverse("export_ledger") in response.content.decode()
    assert "报表导出" in response.content.decode()


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("export_ledger"))
    assert response.status_code == 302 and "login" in response["Location"]
