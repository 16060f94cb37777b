""" "导出筛选结果": the project list under its filters, as the ledger (附件5) in .xlsx."""

from io import BytesIO
from urllib.parse import quote

import openpyxl
import pytest
from django.urls import reverse

from ledger.exports.ledger_xlsx import ledger_row

EXPORT = reverse("project_list_export")
FIRST_ROW = 5  # below the title, the info line and the two header rows


def workbook_rows(response) -> list[list]:
    ws = openpyxl.load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = []
    for r in range(FIRST_ROW, ws.max_row + 1):
        values = [ws.cell(r, c).value for c in range(1, 29)]
        if isinstance(values[0], int):
            rows.append(values)
    return rows


@pytest.fixture
def spread(make_project, places):
    return [
        make_project(name="鹿山社区中药材种植基地项目", year=2020),
        make_project(name="青坪社区茶叶加工厂项目", industry_type="processing", year=2021),
        make_project(name="保家镇冷库项目", industry_type="cold_chain", year=2021),
        make_project(
            name="汉葭街道光伏电站项目",
            township=places["hanjia"],
            village=places["hanjia_village"],
            managing_unit=places["hanjia_village_unit"],
            year=2021,
        ),
    ]


def test_export_holds_exactly_the_filtered_rows(client, personas, spread):
    client.force_login(personas["alice"])
    response = client.get(EXPORT + "?year=2021&industry_type=processing")
    assert response.status_code == 200
    assert quote("项目台账筛选结果_保家镇_") in response["Content-Disposition"]
    rows = workbook_rows(response)
    expected = ledger_row(1, spread[1])
    assert len(rows) == 1
    assert rows[0][:4] == expected[:4] and rows[0][1] == "青坪社区茶叶加工厂项目"


def test_export_keeps_the_users_scope(client, personas, spread):
    client.force_login(personas["alice"])
    names = {r[1] for r in workbook_rows(client.get(EXPORT + "?year=2021"))}
    assert names == {"青坪社区茶叶加工厂项目", "保家镇冷库项目"}  # not 汉葭街道's project
    client.force_login(personas["carl"])
    names = {r[1] for r in workbook_rows(client.get(EXPORT + "?year=2021"))}
    assert names == {"青坪社区茶叶加工厂项目", "保家镇冷库项目", "汉葭街道光伏电站项目"}


def test_list_link_carries_the_query_string(client, personas, spread):
    client.force_login(personas["alice"])
    html = client.get(reverse("project_list") + "?year=2021&q=%E5%86%B7").content.decode()
    assert f'id="export-filtered" href="{EXPORT}?year=2021&amp;q=%E5%86%B7"' in html
    assert "导出筛选结果" in html


def test_formulas_are_written_as_text(client, personas, make_project):
    make_project(name='=HYPERLINK("http://x")')
    client.force_login(personas["carl"])
    response = client.get(EXPORT)
    ws = openpyxl.load_workbook(BytesIO(b"".join(response.streaming_content))).active
    cell = ws.cell(FIRST_ROW, 2)
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"


def test_a_fixed_number_of_queries(client, personas, make_project):
    client.force_login(personas["carl"])
    make_project()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        b"".join(client.get(EXPORT).streaming_content)
    for _ in range(12):
        make_project()
    with CaptureQueriesContext(connection) as many:
        b"".join(client.get(EXPORT).streaming_content)
    assert len(many.captured_queries) == len(one.captured_queries)
