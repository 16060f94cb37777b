"""What the approvals feed into the ledger's exports: the progress column of the
management ledger and the documents of the archive package."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import openpyxl
import pypdf

from approvals import services
from ledger.exports.archive import archive_documents
from ledger.exports.ledger_xlsx import write_ledger
from ledger.models import Project


def test_ledger_export_shows_the_latest_progress(effective, level_project, personas):
    app = effective(level_project("village"))
    services.progress_add(
        by=personas["alice"], application=app, date=dt.date(2025, 11, 20), text="设备到位", percent=60
    )
    buf = BytesIO()
    write_ledger(buf, Project.objects.select_related("township", "village", "managing_unit"), unit_name="彭水县")
    ws = openpyxl.load_workbook(BytesIO(buf.getvalue())).active
    headers = [c.value for c in ws[3]]
    col = headers.index("处置整改进展情况") + 1
    values = [ws.cell(row=r, column=col).value for r in range(5, ws.max_row + 1)]
    assert "2025-11-20 已完成60%：设备到位" in values


def test_archive_holds_the_decision_letter_and_notice(effective, level_project, personas, places):
    app = effective(level_project("village"))
    docs = archive_documents(places["baojia_unit"])
    names = [(d.item_no, d.filename) for d in docs]
    assert any(item == 6 and name.startswith("批复_") for item, name in names), names
    assert any(item == 6 and name.startswith("公告_") for item, name in names), names
    letter = next(d for d in docs if d.filename.startswith("批复_"))
    assert letter.filename.endswith(".pdf")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(letter.open_fn()).pages)
    assert app.project.number in text and app.project.name in text


def test_weekly_report_reads_disposal_progress_from_the_approvals(effective, level_project, places):
    from ledger.weekly.figures import unit_figures

    effective(level_project("village"))  # a consolidate project: nothing to report in item 2
    figures = unit_figures(places["baojia_unit"], dt.date(2025, 10, 13))
    assert figures["progress"] == "暂无已生效的盘活、重建类项目。"


def test_the_county_summary_has_every_units_item_2_in_fixed_queries(
    effective, level_project, personas, places, django_assert_num_queries
):
    from approvals.selectors import weekly_progress, weekly_progress_many
    from ledger.weekly.figures import reporting_units

    halted = {"production_status": "halted", "use_state": "idle", "reason_funds": True}
    apps = [
        effective(level_project("village", cls="revitalise", **halted)),
        effective(level_project("department", cls="revitalise", **halted)),
    ]
    services.progress_add(
        by=personas["alice"], application=apps[0], date=dt.date(2025, 10, 14), text="引进主体", percent=30
    )
    services.progress_add(
        by=personas["alice"], application=apps[0], date=dt.date(2025, 10, 20), text="下周的", percent=40
    )
    units = list(reporting_units())
    monday = dt.date(2025, 10, 13)
    with django_assert_num_queries(4):
        texts = weekly_progress_many(units, monday)
    assert texts[places["baojia_unit"].pk] == "已生效盘活类2个、重建类0个，其中处置完成0个；本周填报处置进展1条。"
    department = apps[1].project.managing_unit
    assert texts[department.pk] == "已生效盘活类1个、重建类0个，其中处置完成0个；本周填报处置进展0条。"
    assert texts[places["hanjia_unit"].pk] == "暂无已生效的盘活、重建类项目。"
    for unit in units:
        assert texts[unit.pk] == weekly_progress(unit, monday), unit


def test_the_county_weekly_workbook_has_item_2_for_units_not_yet_reported(effective, level_project, places):
    from ledger.weekly.export import HEADERS, write_weekly

    effective(
        level_project("village", cls="revitalise", production_status="halted", use_state="idle", reason_funds=True)
    )
    buf = BytesIO()
    write_weekly(buf, dt.date(2025, 10, 13))
    ws = openpyxl.load_workbook(BytesIO(buf.getvalue())).active
    rows = {r[1]: r for r in ws.iter_rows(min_row=4, values_only=True)}
    baojia = rows[places["baojia_unit"].name]
    assert baojia[2] == "逾期未报送"
    assert baojia[HEADERS.index("处置措施进展")] == "已生效盘活类1个、重建类0个，其中处置完成0个；本周填报处置进展0条。"


def test_the_countys_own_ledger_imported_back_is_no_change(effective, level_project, personas, make_project):
    """Progress shown from the approvals and money shown as totals are what the system
    already holds: importing its own export back changes nothing and shows no difference."""
    from ledger.imports.engine import import_preview

    app = effective(
        level_project("village", cls="revitalise", production_status="halted", use_state="idle", reason_funds=True)
    )
    services.progress_add(
        by=personas["alice"], application=app, date=dt.date(2025, 11, 20), text="设备到位", percent=60
    )
    make_project(fund2_county=Decimal("1234.56"), fund4_social=Decimal("0.01"))
    buf = BytesIO()
    write_ledger(buf, Project.objects.select_related("township", "village", "managing_unit"), unit_name="彭水县")
    preview = import_preview(data=buf.getvalue(), filename="l.xlsx", source="ledger")
    assert preview.counts["same"] == Project.objects.count() == 2
    assert [o.differences for o in preview.outcomes] == [[], []]


def test_the_project_page_names_the_decision_behind_the_class_in_force(effective, level_project, personas, client):
    app = effective(level_project("township", classification="", proposed_classification="consolidate"))
    app.project.refresh_from_db()
    assert app.project.classification == "consolidate"
    client.force_login(personas["alice"])
    page = client.get(f"/projects/{app.project.pk}/").content.decode()
    block = page[page.index('id="class-in-force"') : page.index('id="class-proposed"')]
    assert "巩固" in block and f"第{app.sequence}次分类申请经" in block and "公示期满生效" in block
