"""市级: reads every county, changes nothing; its statistics sum each county's."""

import io

import openpyxl
import pytest
from django.urls import reverse

from ledger.exports.statistics import BY_COUNTY, statistics_rows
from ledger.models import County, Project
from tests.test_url_scope_matrix import REGISTRY, object_patterns, plain_patterns

OPEN_TO_ALL = {"logout", "login", "password_change", "password_change_done"}  # ledger.access.OPEN_TO_ALL


@pytest.fixture
def both(worlds, fl, fl_project, make_project):
    make_project(
        name="涪陵第二个项目",
        number="5001022021000002",
        township=fl["township"],
        village=fl["village"],
        managing_unit=fl["units"]["village"],
        classification="upgrade",
        upgrade_chain_gap=True,
        upgrade_low_value_added=True,
        proposed_measures="补链延链",
    )
    return worlds


def test_it_reads_both_counties(client, municipal, both, fl_project):
    client.force_login(municipal)
    assert client.get("/").url == reverse("municipal_home")
    home = client.get(reverse("municipal_home")).content.decode()
    assert "彭水苗族土家族自治县" in home and "涪陵区" in home
    listing = client.get("/projects/").content.decode()
    pengshui = Project.objects.filter(county__code="500243")[0]
    assert pengshui.number in listing and fl_project.number in listing
    assert client.get(reverse("project_detail", kwargs={"pk": fl_project.pk})).status_code == 200
    ledger = client.get(reverse("municipal_county_ledger", kwargs={"code": "500102"}))
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(ledger.streaming_content))).worksheets[0]
    cells = {c for row in ws.iter_rows(values_only=True) for c in row if c}
    assert ws["A1"].value == "涪陵区经营性帮扶产业项目“四个一批”管理台账"
    assert fl_project.number in cells and pengshui.number not in cells


def test_every_page_answers_it_without_error(client, municipal, both):
    client.force_login(municipal)
    broken = []
    for f in plain_patterns():
        status = client.get(f.route).status_code
        if status >= 500:
            broken.append(f"{f.route} → {status}")
    assert not broken, "\n".join(broken)


def test_it_changes_nothing(client, municipal, both):
    """Every URL, with and without parameters, refuses its POST (403)."""
    client.force_login(municipal)
    tried, wrong = 0, []
    urls = [f.route for f in plain_patterns() if f.name not in OPEN_TO_ALL]
    for f in object_patterns():
        entry = None if f.admin else REGISTRY.get(f.name)
        if entry is not None:
            urls += [reverse(f.name, kwargs=k) for world in both.values() for k in entry.objects(world)]
    for url in urls:
        status = client.post(url, {}).status_code
        tried += 1
        if status != 403:
            wrong.append(f"{url} → {status}")
    assert not wrong, "\n".join(wrong)
    assert tried > 150
    assert client.get("/admin/").status_code == 302  # not staff: the admin site's log-in page


def test_the_municipal_statistics_sum_each_countys_own(client, municipal, both):
    rows, total = statistics_rows(Project.objects.all(), group_by=BY_COUNTY)
    by_name = {r.region: r for r in rows}
    assert len(rows) == County.objects.count() == 2
    for county in County.objects.all():
        _, own = statistics_rows(Project.objects.filter(county=county), group_by="township", county=county)
        assert by_name[county.name].values()[1:] == own.values()[1:]
    assert total.counts[0] == Project.objects.count() == 4
    client.force_login(municipal)
    page = client.get(reverse("municipal_statistics")).content.decode()
    assert "重庆市经营性帮扶产业项目“四个一批”分类统计表" in page
    response = client.get(reverse("municipal_statistics_download"))
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert ws["A1"].value == "重庆市经营性帮扶产业项目“四个一批”分类统计表"
    values = list(ws.iter_rows(values_only=True))
    regions = [row[1] for row in values if row[1] in by_name]
    assert regions == ["涪陵区", "彭水苗族土家族自治县"]
    total_row = next(row for row in values if row[0] == "合计")
    assert total_row[3] == 4


def test_its_own_exports_are_the_municipalitys(client, municipal, both):
    client.force_login(municipal)
    response = client.get(reverse("export_statistics"))
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert ws["A1"].value == "重庆市经营性帮扶产业项目“四个一批”分类统计表"
    assert {"涪陵区", "彭水苗族土家族自治县"} <= {row[1] for row in ws.iter_rows(values_only=True)}
    response = client.get(reverse("export_ledger"))
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert ws["A1"].value == "重庆市经营性帮扶产业项目“四个一批”管理台账"


def test_the_county_users_cannot_open_the_municipal_pages(client, personas, fl):
    for user in (personas["carl"], fl["users"]["bureau"]):
        client.force_login(user)
        for name in ("municipal_home", "municipal_statistics", "municipal_statistics_download"):
            assert client.get(reverse(name)).status_code == 403
