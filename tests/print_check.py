"""Checks that every row of a workbook, read back with openpyxl, is tall enough for the
wrapped text of each of its cells. The estimate is written here on its own, more
leniently than the exports' (ledger.xlsx.fit_height): a CJK or full-width character takes
two character units, any other one; each paragraph takes ceil(units / room) lines, room
being the column width read back (merged columns added up) less one unit; a line of
10–11 pt text needs 15 pt, larger text in proportion."""

import math
import unicodedata
from io import BytesIO

import openpyxl
from openpyxl.utils import get_column_letter

DEFAULT_WIDTH = 8.43  # Excel's width of a column never set
DEFAULT_HEIGHT = 15.0  # Excel's height of a row never set


def units(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def lines_needed(text: str, width: float, size: float) -> int:
    room = width - 1
    return sum(max(1, math.ceil(units(p) * size / 10 / room)) for p in text.split("\n"))


def column_widths(ws) -> dict[int, float]:
    widths: dict[int, float] = {}
    for dim in ws.column_dimensions.values():
        if dim.width:
            for col in range(dim.min, dim.max + 1):
                widths[col] = dim.width
    return widths


def row_heights(ws) -> dict[int, float]:
    return {r: d.height for r, d in ws.row_dimensions.items() if d.height is not None}


def shortfalls(ws) -> list[str]:
    """Every text cell whose row (or rows, for a merged cell) is lower than its wrapped
    lines need, as 'A5: needs 45.0 pt, has 30.0'."""
    widths, heights = column_widths(ws), row_heights(ws)
    spans = {(m.min_row, m.min_col): m for m in ws.merged_cells.ranges}
    found = []
    for row in ws.iter_rows():
        for cell in row:
            if not isinstance(cell.value, str) or not cell.value:
                continue
            if not cell.alignment.wrap_text and "\n" not in cell.value:
                continue
            m = spans.get((cell.row, cell.column))
            cols = range(m.min_col, m.max_col + 1) if m else [cell.column]
            rows = range(m.min_row, m.max_row + 1) if m else [cell.row]
            width = sum(widths.get(c, DEFAULT_WIDTH) for c in cols)
            height = sum(heights.get(r, DEFAULT_HEIGHT) for r in rows)
            size = float(cell.font.sz or 11)
            need = lines_needed(cell.value, width, size) * 1.5 * max(size, 10)
            if height < need:
                found.append(f"{get_column_letter(cell.column)}{cell.row}: needs {need} pt, has {height}")
    return found


def workbook_shortfalls(data: bytes) -> dict[str, list[str]]:
    """shortfalls() of every sheet that has any."""
    wb = openpyxl.load_workbook(BytesIO(data))
    return {ws.title: found for ws in wb.worksheets if (found := shortfalls(ws))}


def max_row_height(data: bytes) -> float:
    wb = openpyxl.load_workbook(BytesIO(data))
    return max(max(row_heights(ws).values(), default=0) for ws in wb.worksheets)
