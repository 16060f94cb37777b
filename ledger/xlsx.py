"""Shared XlsxWriter set-up: workbook options, cell styles, the formula guard and the
two-row merged header used by the ledger and the statistics table."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import BinaryIO

import xlsxwriter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WAN = Decimal(10000)
# 万元 with fen: up to six decimals, at least two.
WAN_FORMAT = "#,##0.00####"
FONT = "宋体"


def workbook(out: BinaryIO, *, constant_memory: bool = True) -> xlsxwriter.Workbook:
    """A workbook that never turns a string into a formula, a number or a link."""
    return xlsxwriter.Workbook(
        out,
        {
            "constant_memory": constant_memory,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "in_memory": not constant_memory,
        },
    )


@dataclass
class Styles:
    title: object
    info: object
    header: object
    text: object
    center: object
    number: object
    integer: object
    wan: object
    note: object
    total_text: object
    total_integer: object
    total_wan: object


def styles(wb: xlsxwriter.Workbook) -> Styles:
    base = {"font_name": FONT, "font_size": 10, "valign": "vcenter", "border": 1}
    f = wb.add_format
    return Styles(
        title=f({"font_name": FONT, "font_size": 16, "bold": True, "align": "center", "valign": "vcenter"}),
        info=f({"font_name": FONT, "font_size": 10, "valign": "vcenter"}),
        header=f({**base, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#F2F2F2"}),
        text=f({**base, "text_wrap": True}),
        center=f({**base, "align": "center", "text_wrap": True}),
        number=f({**base, "align": "center"}),
        integer=f({**base, "align": "center", "num_format": "0"}),
        wan=f({**base, "num_format": WAN_FORMAT}),
        note=f({"font_name": FONT, "font_size": 10, "text_wrap": True, "valign": "top"}),
        total_text=f({**base, "bold": True, "align": "center"}),
        total_integer=f({**base, "bold": True, "align": "center", "num_format": "0"}),
        total_wan=f({**base, "bold": True, "num_format": WAN_FORMAT}),
    )


def to_wan(yuan: Decimal | None) -> Decimal:
    """Yuan to 万元, exact: 附件4 and 附件5 give money in 万元."""
    return (yuan or Decimal(0)) / WAN


def wan_text(yuan: Decimal) -> str:
    """Yuan as 万元 for a sentence, exact, without trailing zeros: 12000 → "1.2"."""
    text = format(to_wan(yuan), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def put(ws, row: int, col: int, value, fmt=None) -> None:
    """Write one cell by its Python type. Strings always go through write_string, so a
    value starting with = + - @ stays text and never runs as a formula."""
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, str):
        ws.write_string(row, col, value, fmt)
    elif isinstance(value, bool):
        ws.write_string(row, col, "是" if value else "否", fmt)
    elif isinstance(value, (int, float, Decimal)):
        ws.write_number(row, col, float(value), fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def write_two_row_header(ws, top: int, columns: list[tuple[str | None, str]], fmt) -> None:
    """Two header rows: a column with no group spans both rows; a group is merged over its
    sub-columns in the first row and the sub-columns sit in the second.

    `columns` lists (group, label) in order; group None means a single column. Works in
    constant_memory mode, where a row is flushed as soon as a later row is written: the
    first row is written whole and its group merges made (merge_range) before anything
    goes into the second row. A single column's merge over both rows cannot go through
    merge_range there (it would write the already-flushed first row again, which
    XlsxWriter refuses), so its two cells are written in turn and the range is added to
    the sheet's merge list, which XlsxWriter writes out when the sheet is closed.
    """
    groups: list[tuple[str, int, int]] = []
    for col, (group, label) in enumerate(columns):
        if group is None:
            ws.write_string(top, col, label, fmt)
        elif groups and groups[-1][0] == group and groups[-1][2] == col - 1:
            ws.write_blank(top, col, None, fmt)
            groups[-1] = (group, groups[-1][1], col)
        else:
            ws.write_string(top, col, group, fmt)
            groups.append((group, col, col))
    for group, first, last in groups:
        if last > first:
            ws.merge_range(top, first, top, last, group, fmt)
    for col, (group, label) in enumerate(columns):
        if group is None:
            ws.write_blank(top + 1, col, None, fmt)
            _add_merge(ws, top, col, top + 1, col)
        else:
            ws.write_string(top + 1, col, label, fmt)


def _add_merge(ws, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
    """Record a merged range whose cells are already written (see write_two_row_header)."""
    ws.merge.append([first_row, first_col, last_row, last_col])


def info_line(fields: list[tuple[str, str]]) -> str:
    """填报单位：… 审核人：… on one line, with wide gaps as on the printed form."""
    return "　　　　".join(f"{label}：{value}" for label, value in fields)


def date_text(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def setup_print(ws, *, header_rows: tuple[int, int], last_col: int, paper: int = 8, landscape: bool = True) -> None:
    """Landscape A3 (paper 8) by default, fitted to the page width, header rows repeated."""
    if landscape:
        ws.set_landscape()
    ws.set_paper(paper)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(*header_rows)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.center_horizontally()
    ws.set_footer("&C第 &P 页，共 &N 页")


HEAD_TOP = 2  # rows 0: the title, 1: the 填报单位 line, 2–3: the two header rows


def table_head(
    ws,
    st: Styles,
    *,
    title: str,
    columns: list[tuple[str | None, str, int]],
    info: list[tuple[str, str]],
    header_heights: tuple[int | None, int],
    freeze_cols: int,
) -> int:
    """The head the county's tables share (附件4, 附件5): column widths, the title, the
    填报单位 line, the two header rows, frozen panes and print setup. `columns` lists
    (group, label, width). Returns the first data row."""
    last = len(columns) - 1
    for col, (_, _, width) in enumerate(columns):
        ws.set_column(col, col, width)
    ws.set_row(0, 30)
    ws.merge_range(0, 0, 0, last, title, st.title)
    ws.merge_range(1, 0, 1, last, info_line(info), st.info)
    top_height, sub_height = header_heights
    if top_height:
        ws.set_row(HEAD_TOP, top_height)
    ws.set_row(HEAD_TOP + 1, sub_height)
    write_two_row_header(ws, HEAD_TOP, [(g, label) for g, label, _ in columns], st.header)
    ws.freeze_panes(HEAD_TOP + 2, freeze_cols)
    setup_print(ws, header_rows=(HEAD_TOP, HEAD_TOP + 1), last_col=last)
    return HEAD_TOP + 2
