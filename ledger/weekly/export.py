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
from ledger.models import County, Unit
from ledger.watch import scope_for_units, watch_sections
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


# Character units of each column: 序号, 单位, 报送情况, 报送时间, five counts, 处置措施进展,
# the three rates (count and %), 其他进展情况.
WIDTHS = [5, 20, 9, 11, 7, 7, 7, 8, 8, 30, *[7, 8] * len(RATES), 30]
assert len(WIDTHS) == len(HEADERS)
TITLE_OF = "{county}经营性帮扶产业项目“四个一批”周调度"
TITLE = TITLE_OF.format(county="彭水自治县")
TITLE_SIZE = 14


def write_weekly(out: BinaryIO, monday: date, units: list[Unit] | None = None, county: County | None = None) -> None:
    """One sheet: a row per unit (all reporting units, or `units`), then the county total.
    Printed landscape on A4, one page wide, the title and header repeated on every page,
    page numbers in the footer; every row as tall as its longest wrapped cell."""
    county_id = county.pk if county is not None else None
    rows = county_overview(monday, with_progress=True, county_id=county_id)
    if units is not None:
        wanted = {u.pk for u in units}
        rows = [r for r in rows if r["unit"].pk in wanted]
    wb = xlsx.workbook(out, constant_memory=False)
    ws = wb.add_worksheet("周调度")
    font = {"font_name": xlsx.FONT, "font_size": xlsx.FONT_SIZE}
    title = wb.add_format({**font, "font_size": TITLE_SIZE, "bold": True, "align": "center", "valign": "vcenter"})
    bold = wb.add_format({**font, "bold": True, "align": "center", "valign": "vcenter", "border": 1, "text_wrap": True})
    cell = wb.add_format({**font, "border": 1, "text_wrap": True, "valign": "vcenter"})
    count = wb.add_format({**font, "border": 1, "align": "center", "valign": "vcenter"})
    pct = wb.add_format({**font, "border": 1, "align": "center", "valign": "vcenter", "num_format": "0.00"})
    info = wb.add_format(font)
    sunday = monday + timedelta(days=6)
    last = len(HEADERS) - 1
    for c, width in enumerate(WIDTHS):
        ws.set_column(c, c, width)
    heading = TITLE_OF.format(county=county.short_name) if county is not None else TITLE
    ws.set_row(0, xlsx.fit_height([(heading, sum(WIDTHS))], font_size=TITLE_SIZE))
    ws.merge_range(0, 0, 0, last, heading, title)
    line = f"调度周：{monday.isoformat()} 至 {sunday.isoformat()}（{DEADLINE_TEXT}前报送）"
    ws.set_row(1, xlsx.fit_height([(line, sum(WIDTHS))]))
    xlsx.put(ws, 1, 0, line, info)
    ws.set_row(2, xlsx.text_height(HEADERS, WIDTHS))
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
        r += _write(ws, r, values, cell, count, pct)
    if units is None:
        total = summary([row["figures"] for row in rows if row["unit"].kind == UnitKind.TOWNSHIP])
        _write(ws, r, ["", "全县（各乡镇街道合计）", "", "", *_row({**total, "progress": ""}), ""], cell, count, pct)
    ws.freeze_panes(3, 2)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0, 2)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.center_horizontally()
    ws.set_footer(xlsx.PAGE_FOOTER)
    _write_watch(wb, units, font, county_id)
    wb.close()


def _write(ws: Worksheet, r: int, values: list[Any], cell: Format, count: Format, pct: Format) -> int:
    """A row as tall as its longest wrapped cell (several merged rows past 409 pt): rates
    (floats) with two decimals, counts centred, text wrapped. Returns the rows used."""
    formats = [pct if isinstance(v, float) else count if isinstance(v, int) else cell for v in values]
    return xlsx.write_record(ws, r, values, formats, WIDTHS)


WATCH_HEADERS = ["序号", "提醒事项", "数量", "说明"]
WATCH_WIDTHS = [5, 30, 7, 60]
WATCH_TITLE = "数据质量提醒"


def _write_watch(wb: Any, units: list[Unit] | None, font: dict[str, Any], county_id: int | None = None) -> None:
    """The summary sheet of the data-quality watch (ledger/watch.py) for the workbook's
    scope: the county's, or the units'; each section's count as it stands today."""
    today = timezone.localdate()
    sections = watch_sections(scope_for_units(units, county_id), today)
    ws = wb.add_worksheet(WATCH_TITLE)
    title = wb.add_format({**font, "font_size": TITLE_SIZE, "bold": True, "align": "center", "valign": "vcenter"})
    bold = wb.add_format({**font, "bold": True, "align": "center", "valign": "vcenter", "border": 1, "text_wrap": True})
    cell = wb.add_format({**font, "border": 1, "text_wrap": True, "valign": "vcenter"})
    count = wb.add_format({**font, "border": 1, "align": "center", "valign": "vcenter"})
    for c, width in enumerate(WATCH_WIDTHS):
        ws.set_column(c, c, width)
    heading = f"{WATCH_TITLE}（截至{today.isoformat()}）"
    ws.set_row(0, xlsx.fit_height([(heading, sum(WATCH_WIDTHS))], font_size=TITLE_SIZE))
    ws.merge_range(0, 0, 0, len(WATCH_HEADERS) - 1, heading, title)
    ws.set_row(1, xlsx.text_height(WATCH_HEADERS, WATCH_WIDTHS))
    for c, h in enumerate(WATCH_HEADERS):
        xlsx.put(ws, 1, c, h, bold)
    r = 2
    for n, section in enumerate(sections, 1):
        values = [n, section.title, section.count, section.basis]
        r += xlsx.write_record(ws, r, values, [count, cell, count, cell], WATCH_WIDTHS)
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0, 1)
    ws.center_horizontally()
    ws.set_footer(xlsx.PAGE_FOOTER)
