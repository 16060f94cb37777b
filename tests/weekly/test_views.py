"""The unit's weekly page, the county's overview, and the export from the page."""

import io

import openpyxl
from django.urls import reverse

from ledger.models.weekly import WeeklyReport
from tests.conftest import PASSWORD
from tests.weekly.conftest import MONDAY


def login(client, user):
    client.login(username=user.username, password=PASSWORD)


def test_township_checks_figures_and_submits(client, personas, dataset):
    login(client, personas["alice"])
    url = reverse("weekly_report") + f"?date={MONDAY.isoformat()}"  # a past week: its deadline has passed
    page = client.get(url).content.decode()
    assert "项目5个，表单完整3个，已认定分类4个" in page and "40.00%（2/5）" in page
    client.post(url, {"other_progress": "召开党委会研究分类"})
    report = WeeklyReport.objects.get()
    assert report.unit == personas["alice"].unit and report.submitted_by == personas["alice"]
    page = client.get(url).content.decode()
    assert "召开党委会研究分类" in page and 'id="submit-form"' not in page and 'id="closed-note"' in page


def test_county_sees_each_unit_status_and_the_summary(client, personas, dataset, places, django_assert_max_num_queries):
    from datetime import datetime

    from ledger.weekly.figures import SHANGHAI
    from ledger.weekly.services import weekly_submit

    weekly_submit(
        unit=places["baojia_unit"],
        monday=MONDAY,
        by=personas["alice"],
        other_progress="无",
        now=datetime(2026, 11, 19, 15, 59, tzinfo=SHANGHAI),
    )
    weekly_submit(
        unit=places["agri"],
        monday=MONDAY,
        by=personas["dora"],
        other_progress="无",
        now=datetime(2026, 11, 19, 16, 1, tzinfo=SHANGHAI),
    )
    login(client, personas["carl"])
    with django_assert_max_num_queries(10):  # 8, and the navigation bar's two counts (D90)
        html = client.get(reverse("weekly_county") + "?date=2026-11-18").content.decode()
    assert '<td class="status-on_time">按时报送' in html and '<td class="status-late">逾期报送' in html
    assert "逾期未报送" in html  # the units that did not report, after the deadline
    assert 'id="county-total"><td>全县（各乡镇街道合计）</td><td></td><td>6</td>' in html


def test_units_cannot_open_the_county_overview(client, personas):
    login(client, personas["alice"])
    assert client.get(reverse("weekly_county")).status_code == 403
    login(client, personas["vera"])
    assert client.get(reverse("weekly_report")).status_code == 403


def test_export_from_the_page_writes_text_as_text(client, personas, dataset, places):
    from datetime import datetime

    from ledger.weekly.figures import SHANGHAI
    from ledger.weekly.services import weekly_submit

    weekly_submit(
        unit=places["baojia_unit"],
        monday=MONDAY,
        by=personas["alice"],
        other_progress="=1+1",
        now=datetime(2026, 11, 19, 9, 0, tzinfo=SHANGHAI),
    )
    login(client, personas["alice"])
    response = client.get(reverse("weekly_export") + "?date=2026-11-16")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    row = list(ws[4])
    assert row[1].value == "保家镇人民政府" and row[4].value == 5 and row[11].value == 40
    assert row[-1].value == "=1+1" and row[-1].data_type == "s"
    assert ws.max_row == 4  # only the unit's own row
