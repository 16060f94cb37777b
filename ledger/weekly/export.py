"""The weekly report and the county summary as a workbook (XlsxWriter), written to any
file-like object. The workbook and its cells go through ledger.xlsx, so every text
cell is written as a string, never as a formula."""

from datetime import date, timedelta
from typing import Any, BinaryIO

from django.utils import timezone
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from ledger import xlsx
from ledger.choices import UnitKind
from ledger.models import Unit
from ledger.weekly.figures import DEADLINE_TEXT, RATES, summary
from ledger.weekly.services import county_overview

HEADERS = (
    [
        "序号",
        "单位",
        "报送情况",
        "报送时间",
        "项目数",
        "表单完整",
        "已认定分类",
        "盘活/重建项目",
        "已有处置措施",
        "处置措施进展",
    ]
    + [x for _, label in RATES for x in (f"{label[:-1]}项目数", f"{label}(%)")]
    + ["其他进展情况"]
)


def _row(figures: dict[str, Any]) -> list[Any]:
    return [
        figures.get("total", 0),
        figures.get("complete", 0),
        figures.get("classified", 0),
        figures.get("disposal_total", 0),
        figures.get("disposal_with_measures", 0),
        figures.get("progress", ""),
    ] + [x for key, _ in RATES for x in (figures.get(key, 0), float(figures.get(f"{key}_rate", "0")))]


def write_weekly(out: BinaryIO, monday: date, units: list[Unit] | None = None) -> None:
    """One sheet: a row per unit (all reporting units, or `units`), then the county total."""
    rows = county_overview(monday, with_progress=True)
    if units is not None:
        wanted = {u.pk for u in units}
        rows = [r for r in rows if r["unit"].pk in wanted]
    wb = xlsx.workbook(out, constant_memory=False)
    ws = wb.add_worksheet("周调度")
    bold = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "border": 1, "text_wrap": True})
    cell = wb.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    pct = wb.add_format({"border": 1, "num_format": "0.00"})
    sunday = monday + timedelta(days=6)
    ws.merge_range(0, 0, 0, len(HEADERS) - 1, "彭水自治县经营性帮扶产业项目“四个一批”周调度", bold)
    xlsx.put(ws, 1, 0, f"调度周：{monday.isoformat()} 至 {sunday.isoformat()}（{DEADLINE_TEXT}前报送）")
    for c, h in enumerate(HEADERS):
        xlsx.put(ws, 2, c, h, bold)
    r = 3
    for n, row in enumerate(rows, 1):
        report = row["report"]
        values = [
            n,
            row["unit"].name,
            row["status_label"],
            timezone.localtime(report.submitted_at).strftime("%Y-%m-%d %H:%M") if report else "",
        ]
        values += [*_row(row["figures"]), report.other_progress if report else ""]
        _write(ws, r, values, cell, pct)
        r += 1
    if units is None:
        total = summary([row["figures"] for row in rows if row["unit"].kind == UnitKind.TOWNSHIP])
        _write(ws, r, ["", "全县（各乡镇街道合计）", "", "", *_row({**total, "progress": ""}), ""], cell, pct)
    ws.set_column(1, 1, 24)
    ws.set_column(2, len(HEADERS) - 2, 11)
    ws.set_column(len(HEADERS) - 1, len(HEADERS) - 1, 40)
    wb.close()


def _write(ws: Worksheet, r: int, values: list[Any], cell: Format, pct: Format) -> None:
    """A row: rates (floats) with two decimals, counts and text in the plain cell format."""
    for c, v in enumerate(values):
        xlsx.put(ws, r, c, v, pct if isinstance(v, float) else cell)
