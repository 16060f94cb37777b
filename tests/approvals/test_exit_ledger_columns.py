"""In the management ledger (附件5) an exited project shows the exit decision in column 26
处置整改措施 and the recovery in column 27 处置整改进展情况."""

import datetime as dt
from io import BytesIO

import openpyxl

from approvals import services
from ledger.exports.ledger_xlsx import write_ledger
from ledger.models import Project
from tests.approvals.conftest import pdf
from tests.approvals.exit_helpers import INSUFFICIENT, walk_exit


def _cells(project):
    buf = BytesIO()
    write_ledger(buf, Project.objects.select_related("township", "village", "managing_unit"), unit_name="彭水县")
    ws = openpyxl.load_workbook(BytesIO(buf.getvalue())).active
    headers = [c.value for c in ws[3]]
    name_col = headers.index("项目名称") + 1
    row = next(r for r in range(5, ws.max_row + 1) if ws.cell(row=r, column=name_col).value == project.name)
    return (
        ws.cell(row=row, column=headers.index("处置整改措施") + 1).value,
        ws.cell(row=row, column=headers.index("处置整改进展情况") + 1).value,
    )


def test_the_ledger_shows_the_exit_and_what_is_still_owed(make_project, personas, party_meeting, county_meeting):
    project = make_project(**INSUFFICIENT, name="鹿山社区生猪养殖场")
    app = walk_exit(personas, party_meeting, county_meeting, project, amount="200000.00")
    services.recovery_record(
        by=personas["alice"],
        application=app,
        received_on=dt.date(2025, 11, 3),
        amount="120000.00",
        payer="鹿山合作社",
        scan=pdf(),
    )
    measures, progress = _cells(project)
    assert measures == "退出：合作社长期不分红，无法建立联农带农机制，追偿20万元（鹿山合作社）"
    assert progress == "已追回12万元，尚欠8万元"


def test_the_ledger_shows_a_write_off(make_project, personas, party_meeting, county_meeting):
    project = make_project(**INSUFFICIENT, name="鹿山社区生猪养殖场")
    app = walk_exit(personas, party_meeting, county_meeting, project, amount="15000.50")
    services.recovery_write_off(by=personas["olga"], application=app, reason="合作社已注销")
    assert _cells(project)[1] == "已追回0万元，核销1.50005万元（合作社已注销）"
