"""Shared XlsxWriter set-up: workbook options, cell styles, the formula guard, the
two-row merged header used by the ledger and the statistics table, print set-up, and the
one estimate of how tall a row of wrapped text must be."""

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import BinaryIO

import xlsxwriter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WAN = Decimal(10000)
# 万元 shown with two decimals; the cell keeps the exact value (yuan with fen ÷ 10,000).
WAN_FORMAT = "0.00"
FONT = "宋体"
FONT_SIZE = 10
TITLE_SIZE = 16


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
    base = {"font_name": FONT, "font_size": FONT_SIZE, "valign": "vcenter", "border": 1}
    f = wb.add_format
    return Styles(
        title=f({"font_name": FONT, "font_size": TITLE_SIZE, "bold": True, "align": "center", "valign": "vcenter"}),
        info=f({"font_name": FONT, "font_size": FONT_SIZE, "valign": "vcenter"}),
        header=f({**base, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#F2F2F2"}),
        text=f({**base, "text_wrap": True}),
        center=f({**base, "align": "center", "text_wrap": True}),
        number=f({**base, "align": "center"}),
        integer=f({**base, "align": "center", "num_format": "0"}),
        wan=f({**base, "num_format": WAN_FORMAT}),
        note=f({"font_name": FONT, "font_size": FONT_SIZE, "text_wrap": True, "valign": "top"}),
        total_text=f({**base, "bold": True, "align": "center"}),
        total_integer=f({**base, "bold": True, "align": "center", "num_format": "0"}),
        total_wan=f({**base, "bold": True, "num_format": WAN_FORMAT}),
    )


# ---- how tall a row of wrapped text must be -------------------------------------------
# A column's width is in Excel's character units (the width of a digit of the default
# font, about 7 px). A CJK character of 10 pt 宋体 takes about two of them, a Latin
# letter or digit one; characters East Asian fonts draw wide (ambiguous width: □, “”, —)
# count as two, as 宋体 prints them. A line of 10–11 pt text takes 15 pt of height.
MAX_ROW_HEIGHT = 409.0  # Excel's limit for one row, in points
ROW_PADDING = 3.0  # points above and below the lines of a cell
CELL_MARGIN = 1.0  # character units lost to the cell's left and right margins


def char_units(ch: str) -> int:
    """The width of one character in character units at 10 pt: 2 for CJK, 1 for ASCII."""
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 1


class _Widths(dict[str, int]):
    """char_units, remembered per character (a ledger of 100,000 rows asks millions of times)."""

    def __missing__(self, ch: str) -> int:
        self[ch] = width = char_units(ch)
        return width


_WIDTHS = _Widths()
_width = _WIDTHS.__getitem__


def text_units(text: str) -> int:
    return len(text) if text.isascii() else sum(map(_width, text))


def line_height(font_size: float = FONT_SIZE) -> float:
    """Points one line of text takes: 15 pt for 10–11 pt text, in proportion above."""
    return 1.5 * max(font_size, FONT_SIZE)


# Characters 2 units wide (East Asian wide, fullwidth, and the ambiguous ones Chinese text
# uses): CJK ideographs and punctuation, fullwidth forms, “”‘’—…·□. A test checks each
# against char_units.
WIDE_CHARS = (
    "\u00b7\u2014\u2018\u2019\u201c\u201d\u2026\u25a1\u3001-\u303e\u3041-\u3096\u30a1-\u30fa"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60\uffe0-\uffe6"
)
# A word (a run of printable ASCII: moves whole), a space, a run of wide characters (each
# may break anywhere), or any other character.
_TOKENS = re.compile(rf"([!-~]+)|(\s)|([{WIDE_CHARS}]+)|(.)")


def wrapped_lines(text: str, width: float, font_size: float = FONT_SIZE) -> int:
    """How many lines `text` takes in a wrapping cell `width` character units wide.

    Explicit newlines start a line. Within a line, CJK characters break anywhere and a run
    of Latin letters or digits (a word, a phone number) moves whole to the next line if it
    does not fit, as Excel and LibreOffice wrap it; a word longer than a line is broken.
    Short texts already measured at a width are remembered (a column repeats its words)."""
    if 2 * len(text) <= width - CELL_MARGIN and font_size == FONT_SIZE and "\n" not in text:
        return 1  # at most 2 units a character: fits on one line
    if len(text) > _SHORT:
        return _wrapped_lines(text, width, font_size)
    key = (text, width, font_size)
    lines = _LINES.get(key)
    if lines is None:
        if len(_LINES) >= _LINES_KEPT:
            _LINES.clear()
        lines = _LINES[key] = _wrapped_lines(text, width, font_size)
    return lines


def forget_measured_texts() -> None:
    """Forget the texts remembered by wrapped_lines (a benchmark measures afresh)."""
    _LINES.clear()


_SHORT = 64  # characters: longer texts are rarely repeated
_LINES: dict[tuple[str, float, float], int] = {}
_LINES_KEPT = 20_000  # at most about 3 MB of short texts


def _wrapped_lines(text: str, width: float, font_size: float) -> int:
    scale = font_size / FONT_SIZE
    room = max(width - CELL_MARGIN, 1.0)
    if scale != 1 or room < 2:
        return _walk(text, room, scale)
    # At 10 pt every width is a whole number of units, so a line is counted, not walked:
    # the same count as _walk gives.
    lines = 0
    per_line = int(room // 2)  # wide characters on a line
    for paragraph in text.split("\n"):
        lines += 1
        units = text_units(paragraph)
        if units <= room:  # the whole line fits
            continue
        if units == 2 * len(paragraph) and "\u3000" not in paragraph:
            # wide characters only, none of them a space: as many lines as they fill
            lines += -(-len(paragraph) // per_line) - 1
            continue
        used = 0.0
        for word, space, wide, other in _TOKENS.findall(paragraph):
            if wide:  # wide characters, each breaking anywhere: counted, not walked
                n = len(wide)
                fits = max(0, int((room - used) // 2))
                if n <= fits:
                    used += 2 * n
                else:
                    rest = n - fits
                    more = -(-rest // per_line)
                    lines += more
                    used = 2.0 * (rest - (more - 1) * per_line)
            elif word:  # a word: whole on this line or the next, or broken
                size = len(word)
                if used + size <= room:
                    used += size
                elif size <= room:
                    lines += 1
                    used = size
                else:
                    lines, used = _break_anywhere(word, lines, used, room, 1)
            elif space:
                size = _width(space)
                if used + size <= room or used > 0:
                    used += size
                elif size <= room:
                    lines += 1
                    used = size
                else:
                    used = size
            else:
                size = _width(other)
                if used + size <= room:
                    used += size
                elif size <= room:
                    lines += 1
                    used = size
                else:
                    lines, used = _break_anywhere(other, lines, used, room, 1)
    return lines


def _walk(text: str, room: float, scale: float) -> int:
    """The count character by character (any font size)."""
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        lines, _ = _walk_tokens(paragraph, lines, 0.0, room, scale)
    return lines


_WALK_TOKENS = re.compile(r"[!-~]+|\s|.")


def _walk_tokens(text: str, lines: int, used: float, room: float, scale: float) -> tuple[int, float]:
    for token in _WALK_TOKENS.findall(text):
        size = text_units(token) * scale
        if used + size <= room or (token.isspace() and used > 0):
            used += size
            continue
        if size <= room:  # the whole token on a new line
            lines += 1
            used = size
            continue
        lines, used = _break_anywhere(token, lines, used, room, scale)
    return lines, used


def _break_anywhere(token: str, lines: int, used: float, room: float, scale: float) -> tuple[int, float]:
    """A token wider than a line: broken anywhere."""
    for ch in token:
        w = _width(ch) * scale
        if used + w > room and used > 0:
            lines += 1
            used = 0.0
        used += w
    return lines, used


def needed_height(cells: Iterable[tuple[object, float]], *, font_size: float = FONT_SIZE) -> float:
    """The height (points) that `cells`, (value, width in character units) pairs side by
    side, need: as tall as the longest wrapped one, whatever its length."""
    lines = max(
        (wrapped_lines(str(v), w, font_size) for v, w in cells if v is not None and v != ""),
        default=1,
    )
    return lines * line_height(font_size) + ROW_PADDING


def fit_height(cells: Iterable[tuple[object, float]], *, font_size: float = FONT_SIZE, minimum: float = 0.0) -> float:
    """The height (points) of one row of `cells`: `needed_height`, never below `minimum`
    nor above Excel's 409 pt for a row. Every workbook sizes its rows of text with this
    (a box that may need more is spread over several rows: `split_height`)."""
    return min(MAX_ROW_HEIGHT, max(minimum, needed_height(cells, font_size=font_size)))


def text_row_height(cells: Iterable[tuple[str, float]]) -> float:
    """`fit_height` of a row of non-empty texts at 10 pt, (text, width) pairs: a text that
    fits on one line whatever its characters (2 units each at most) is not measured."""
    lines = 1
    room = -CELL_MARGIN
    for text, width in cells:
        if (len(text) if text.isascii() else 2 * len(text)) > width + room or "\n" in text:
            lines = max(lines, wrapped_lines(text, width))
    return min(MAX_ROW_HEIGHT, lines * line_height() + ROW_PADDING)


def split_height(height: float) -> list[float]:
    """The heights of as few rows as hold `height` points together (a cell merged over
    them), each within Excel's limit for a row."""
    n = max(1, math.ceil(height / MAX_ROW_HEIGHT))
    return [math.ceil(height / n * 4) / 4] * n


def text_cells(values: Iterable[object], widths: Iterable[float]) -> list[tuple[object, float]]:
    """The (value, width) pairs of the text cells of a row (numbers never wrap)."""
    return [(v, w) for v, w in zip(values, widths, strict=False) if isinstance(v, str)]


def text_height(values: Iterable[object], widths: Iterable[float], *, minimum: float = 0.0) -> float:
    """The height of one row of cells side by side: `fit_height` over its text cells."""
    return fit_height(text_cells(values, widths), minimum=minimum)


def write_record(ws, row: int, values: list, formats: list, widths: list[int]) -> int:
    """One record's cells from `row` on, as tall as its longest wrapped cell: in one row,
    or, past Excel's 409 pt for a row, over as many rows as it needs with each column
    merged over them. Works in constant_memory mode (the first row is written whole before
    the next is touched, and the merges are recorded as in write_two_row_header). Returns
    the number of rows used."""
    heights = split_height(needed_height(text_cells(values, widths)))
    for i, height in enumerate(heights):
        ws.set_row(row + i, height)
    for col, value in enumerate(values):
        put(ws, row, col, value, formats[col])
    last = row + len(heights) - 1
    if last > row:
        for r in range(row + 1, last + 1):
            for col, fmt in enumerate(formats):
                ws.write_blank(r, col, None, fmt)
        for col in range(len(values)):
            _add_merge(ws, row, col, last, col)
    return len(heights)


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


def write_spans(ws, first_row: int, last_row: int, spans: Sequence[tuple[int, int, object, object]]) -> None:
    """Boxes side by side over rows `first_row`–`last_row`: each span (first column, last
    column, value, format) merged over its cells, its value in its top-left cell. Written
    row by row (the whole first row, then the blank cells below it), so it works in
    constant_memory mode; the merges are recorded as in write_two_row_header."""
    for first_col, last_col, value, fmt in spans:
        put(ws, first_row, first_col, value, fmt)
        for col in range(first_col + 1, last_col + 1):
            ws.write_blank(first_row, col, None, fmt)
    for row in range(first_row + 1, last_row + 1):
        for first_col, last_col, _, fmt in spans:
            for col in range(first_col, last_col + 1):
                ws.write_blank(row, col, None, fmt)
    for first_col, last_col, _, _ in spans:
        if (first_row, first_col) != (last_row, last_col):
            _add_merge(ws, first_row, first_col, last_row, last_col)


def _add_merge(ws, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
    """Record a merged range whose cells are already written (see write_two_row_header)."""
    ws.merge.append([first_row, first_col, last_row, last_col])


def info_line(fields: list[tuple[str, str]]) -> str:
    """填报单位：… 审核人：… on one line, with wide gaps as on the printed form."""
    return "　　　　".join(f"{label}：{value}" for label, value in fields)


def date_text(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


PAGE_FOOTER = "&C第 &P 页，共 &N 页"


def setup_print(ws, *, header_rows: tuple[int, int], last_col: int, paper: int = 8, landscape: bool = True) -> None:
    """Landscape A3 (paper 8) by default, fitted to the page width, header rows repeated."""
    if landscape:
        ws.set_landscape()
    ws.set_paper(paper)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(*header_rows)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.center_horizontally()
    ws.set_footer(PAGE_FOOTER)


def head_heights(columns: list[tuple[str | None, str, int]]) -> tuple[float, float]:
    """The heights of the two header rows: a group's label fits over its sub-columns, a
    sub-column's label in its column, and a column spanning both rows in the two together."""
    spans: dict[str, float] = {}
    for group, _, width in columns:
        if group is not None:
            spans[group] = spans.get(group, 0) + width
    top = fit_height(list(spans.items()))
    sub = fit_height([(label, width) for group, label, width in columns if group is not None])
    whole = fit_height([(label, width) for group, label, width in columns if group is None])
    return top, max(sub, whole - top)


def write_notes(ws, st: Styles, row: int, *, widths: list[int], notes: list[str]) -> int:
    """Lines under a table, each merged over its width and as tall as its text; returns the
    last row written."""
    for note in notes:
        row += 1
        ws.set_row(row, fit_height([(note, sum(widths))]))
        ws.merge_range(row, 0, row, len(widths) - 1, note, st.note)
    return row


HEAD_TOP = 2  # rows 0: the title, 1: the 填报单位 line, 2–3: the two header rows


def table_head(
    ws,
    st: Styles,
    *,
    title: str,
    columns: list[tuple[str | None, str, int]],
    info: list[tuple[str, str]],
    freeze_cols: int,
) -> int:
    """The head the county's tables share (附件4, 附件5): column widths, the title, the
    填报单位 line, the two header rows (as tall as their labels), frozen panes and print
    setup. `columns` lists (group, label, width). Returns the first data row."""
    last = len(columns) - 1
    widths = [width for _, _, width in columns]
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.set_row(0, fit_height([(title, sum(widths))], font_size=TITLE_SIZE, minimum=30))
    ws.merge_range(0, 0, 0, last, title, st.title)
    line = info_line(info)
    ws.set_row(1, fit_height([(line, sum(widths))]))
    ws.merge_range(1, 0, 1, last, line, st.info)
    top, sub = head_heights(columns)
    ws.set_row(HEAD_TOP, top)
    ws.set_row(HEAD_TOP + 1, sub)
    write_two_row_header(ws, HEAD_TOP, [(g, label) for g, label, _ in columns], st.header)
    ws.freeze_panes(HEAD_TOP + 2, freeze_cols)
    setup_print(ws, header_rows=(HEAD_TOP, HEAD_TOP + 1), last_col=last)
    return HEAD_TOP + 2
