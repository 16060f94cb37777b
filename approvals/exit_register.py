"""The register of exit cases (二, 基本原则: 退出和追偿机制) as a workbook: one row a case, with
the amounts in 元 to recover, recovered and outstanding. Every string goes through
ledger.xlsx.put, so none runs as a formula."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from io import BytesIO

from approvals.models import Application
from ledger.xlsx import put, styles, workbook

COLUMNS = [
    ("序号", 6),
    ("项目编号", 18),
    ("项目名称", 30),
    ("主管单位", 20),
    ("退出原因", 36),
    ("追偿对象", 20),
    ("应追偿金额（元）", 16),
    ("已追回金额（元）", 16),
    ("尚欠金额（元）", 16),
    ("退出生效日期", 14),
    ("状态", 18),
    ("结清或核销说明", 30),
]
YUAN_FORMAT = "#,##0.00"


def amounts(app: Application) -> tuple[Decimal, Decimal, Decimal]:
    """To recover, recovered and outstanding, in 元, exact (`recovered_sum` annotated by
    approvals.selectors.exit_cases_for)."""
    due = app.recovery_amount or Decimal("0.00")
    got = Decimal(getattr(app, "recovered_sum", None) or 0).quantize(Decimal("0.01"))
    return due, got, due - got


def write_register(cases: Iterable[Application], *, unit_name: str) -> BytesIO:
    buf = BytesIO()
    wb = workbook(buf, constant_memory=False)
    st = styles(wb)
    money = wb.add_format({"font_name": "宋体", "font_size": 10, "border": 1, "num_format": YUAN_FORMAT})
    ws = wb.add_worksheet("退出和追偿台账")
    ws.merge_range(0, 0, 0, len(COLUMNS) - 1, "经营性帮扶产业项目退出和追偿台账", st.title)
    put(ws, 1, 0, f"单位：{unit_name}", st.info)
    for col, (title, width) in enumerate(COLUMNS):
        ws.set_column(col, col, width)
        put(ws, 2, col, title, st.header)
    row = 3
    for n, app in enumerate(cases, start=1):
        due, got, owed = amounts(app)
        values: list[object] = [
            n,
            app.project.number,
            app.project.name,
            app.managing_unit.name,
            app.exit_reason,
            app.recovery_from,
        ]
        for col, value in enumerate(values):
            put(ws, row, col, value, st.number if col == 0 else st.text)
        for col, value in enumerate((due, got, owed), start=6):
            put(ws, row, col, value, money)
        put(ws, row, 9, f"{app.effective_on:%Y-%m-%d}" if app.effective_on else "", st.center)
        put(ws, row, 10, app.get_status_display(), st.center)
        put(ws, row, 11, app.recovery_closed_reason, st.text)
        row += 1
    wb.close()
    buf.seek(0)
    return buf
