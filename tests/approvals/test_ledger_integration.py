"""What the approvals feed into the ledger's exports: the progress column of the
management ledger and the documents of the archive package."""

import datetime as dt
from io import BytesIO

import openpyxl

from approvals import services
from ledger.exports.archive import archive_documents
from ledger.exports.ledger_xlsx import write_ledger
from ledger.models import Project


def test_ledger_export_shows_the_latest_progress(effective, level_project, personas):
    app = effective(level_project("village"))
    services.progress_add(by=personas["alice"], application=app, date=dt.date(2025, 11, 20), text="设备到位",
                          percent=60)
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
    assert app.project.number.encode() in letter.open_fn() or app.project.name.encode() in letter.open_fn()


def test_weekly_report_reads_disposal_progress_from_the_approvals(effective, level_project, places):
    from ledger.weekly.figures import unit_figures

    effective(level_project("village"))  # a consolidate project: nothing to report in item 2
    figures = unit_figures(places["baojia_unit"], dt.date(2025, 10, 13))
    assert figures["progress"] == "暂无已生效的盘活、重建类项目。"
