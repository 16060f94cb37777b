"""The weekly report and the county summary as a workbook (XlsxWriter), written to any
file-like object. Every text cell is written as a string, never as a formula."""

from datetime import date

import xlsxwriter
from django.utils import timezone

from ledger.models import Unit
from ledger.weekly.figures import RATES, summary
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


def _row(figures: dict) -> list:
    return [
        figures.get("total", 0),
        figures.get("complete", 0),
        figures.get("classified", 0),
        figures.get("disposal_total", 0),
        figures.get("disposal_with_measures", 0),
        figures.get("progress", ""),
    ] + [x for key, _ in RATES for x in (figures.get(key, 0), float(figures.get(f"{key}_rate", "0")))]


def write_weekly(out, monday: date, units: list[Unit] | None = None) -> None:
    """One sheet: a row per unit (all reporting units, or `units`), then the county total."""
    rows = county_overview(monday, with_progress=True)
    if units is not None:
        wanted = {u.pk for u in units}
        rows = [r for r in rows if r["unit"].pk in wanted]
    wb = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False})
    ws = wb.add_worksheet("周调度")
    bold = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "border": 1, "text_wrap": True})
    cell = wb.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    pct = wb.add_format({"border": 1, "num_format": "0.00"})
    sunday = monday.toordinal() + 6
    ws.merge_range(0, 0, 0, len(HEADERS) - 1, "彭水自治县经营性帮扶产业项目“四个一批”周调度", bold)
    ws.write_string(1, 0, f"调度周：{monday.isoformat()} 至 {date.fromordinal(sunday).isoformat()}（周四16:00前报送）")
    for c, h in enumerate(HEADERS):
        ws.write_string(2, c, h, bold)
    r = 3
    for n, row in enumerate(rows, 1):
        report = row["report"]
        values = [
            n,
            row["unit"].name,
            row["status_label"],
            timezone.localtime(report.submitted_at).strftime("%Y-%m-%d %H:%M") if report else "",
        ]
        values += _row(row["figures"]) + [report.other_progress if report else ""]
        _write(ws, r, values, cell, pct)
        r += 1
    if units is None:
        total = summary([row["figures"] for row in rows if row["unit"].kind == "township"])
        _write(ws, r, ["", "全县（各乡镇街道合计）", "", ""] + _row({**total, "progress": ""}) + [""], cell, pct)
    ws.set_column(1, 1, 24)
    ws.set_column(2, len(HEADERS) - 2, 11)
    ws.set_column(len(HEADERS) - 1, len(HEADERS) - 1, 40)
    wb.close()


def _write(ws, r: int, values: list, cell, pct) -> None:
    for c, v in enumerate(values):
        if isinstance(v, str):
            ws.write_string(r, c, v, cell)
        elif isinstance(v, float):
            ws.write_number(r, c, v, pct)
        else:
            ws.write_number(r, c, v, cell)
