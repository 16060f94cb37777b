"""Read a workbook or CSV into rows, find its header (up to MAX_HEADER_DEPTH rows, merged
groups combined) and yield the data rows with their sheet row numbers."""

import csv
import io
import re
import time
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ledger.imports.collector import paused_collector

HEADER_SCAN_ROWS = 15
MAX_HEADER_DEPTH = 4  # header rows, a group row above its columns counted
MIN_UNKNOWN_HEADER = 3  # text cells a row of unfamiliar names needs to be taken for the header
# A row starting with one of these ends the data (the ledger's notes block, a total row).
STOP_MARKERS = ("填表说明", "说明：", "说明:", "注：", "注:")


class ReadError(Exception):
    """The file cannot be read as a table (Chinese message)."""


@dataclass(frozen=True)
class Column:
    index: int
    name: str  # the column's own header text, normalised
    group: str = ""  # the merged group above it, if any

    @property
    def label(self) -> str:
        return f"{self.group}/{self.name}" if self.group else self.name

    @property
    def in_wan(self) -> bool:
        """Amounts in this column are in 万元 (the header or its group says so)."""
        return "万元" in self.name or "万元" in self.group


@dataclass
class Table:
    columns: list[Column]
    rows: list[tuple[int, list]]  # (sheet row number, cells)
    header_row: int  # sheet row number of the (first) header row
    header_depth: int


def normalise(text) -> str:
    """Header text as compared: no whitespace, full-width brackets made ASCII."""
    if text is None:
        return ""
    s = re.sub(r"\s+", "", str(text))
    return s.replace("（", "(").replace("）", ")")


def bare(text: str) -> str:
    """Header text without a unit in brackets: 资金规模(万元) → 资金规模."""
    return re.sub(r"\((万元|元|万)\)$", "", normalise(text))


def cell_text(value) -> str:
    """A cell as text: integers without .0, dates as ISO, strings stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.isoformat()[:10]
    return str(value).strip()


# Bounds on what a file may make the server read (docs/decisions.md, "Uploads bounded"): a
# workbook is read by the rows and cells it holds, never by the range it declares.
MAX_ROWS = 20_000  # data rows a file may hold (the county has some ten thousand projects)
MAX_COLS = 200  # columns a row may use (the national export has fewer than 80)
MAX_UNCOMPRESSED_MB = 150  # a workbook's parts, unpacked, together
MAX_RATIO = 200  # a part larger than 1 MB may not unpack to more than this many times its packed size
# The shared-strings table is read whole when the workbook opens, before any row: it may hold
# at most this many strings (the county's ten thousand projects have some 15 distinct texts each).
MAX_SHARED_STRINGS = 300_000
READ_SECONDS = 20  # reading one file may take no longer


class Deadline:
    """Reading stops with a refusal once `seconds` have passed (checked per row)."""

    def __init__(self, seconds: float = READ_SECONDS) -> None:
        self.until = time.monotonic() + seconds
        self.seconds = seconds

    def check(self) -> None:
        if time.monotonic() > self.until:
            raise ReadError(f"文件读取超过{self.seconds:g}秒，已停止；请减少行数或拆分文件后再导入。")


@paused_collector()
def load_grid(data: bytes, filename: str, deadline: Deadline | None = None) -> list[list]:
    """All rows of the first sheet (xlsx, xls) or of the CSV (UTF-8 with or without BOM, or
    GB18030), within the bounds above; ReadError (a Chinese message) for a file beyond
    them or one that cannot be read."""
    deadline = deadline or Deadline()
    name = filename.lower()
    if name.endswith(".csv"):
        return _csv_grid(data, deadline)
    if name.endswith(".xlsx") or name.endswith(".xlsm"):
        return _xlsx_grid(data, deadline)
    if name.endswith(".xls"):
        return _xls_grid(data, deadline)
    raise ReadError("只能导入 .xlsx、.xls 或 .csv 文件。")


def _bounded(rows: Iterable[Sequence], deadline: Deadline) -> list[list]:
    """The rows, each cut to MAX_COLS cells, refused past MAX_ROWS rows or MAX_COLS cells
    holding a value; empty rows past the limit (a sheet's stray formatting) are passed over."""
    grid: list[list] = []
    for number, row in enumerate(rows, start=1):
        if number % 256 == 0:
            deadline.check()
        if len(row) > MAX_COLS:
            if any(c is not None and c != "" for c in row[MAX_COLS:]):
                raise ReadError(f"第{number}行超过{MAX_COLS}列，不能导入；请删除多余的列。")
            row = row[:MAX_COLS]
        if number > MAX_ROWS + HEADER_SCAN_ROWS:
            if any(c is not None and c != "" for c in row):
                raise ReadError(f"文件超过{MAX_ROWS}行，不能导入；请拆分后分批导入。")
            continue
        grid.append(list(row))
    return grid


def _csv_grid(data: bytes, deadline: Deadline) -> list[list]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ReadError("无法识别CSV文件的文字编码，请另存为UTF-8。")
    try:
        return _bounded(csv.reader(io.StringIO(text)), deadline)
    except csv.Error:
        raise ReadError("CSV文件格式有误（引号或分隔符不成对），无法读取。") from None


def _check_zip(data: bytes) -> None:
    """A workbook is a zip of XML parts: refuse one that is no zip, or whose parts unpack
    to more than MAX_UNCOMPRESSED_MB or at a ratio only a crafted file reaches."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = z.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise ReadError("文件不是有效的Excel工作簿（.xlsx），可能已损坏或不完整。") from None
    total = sum(p.file_size for p in parts)
    if total > MAX_UNCOMPRESSED_MB * 1024 * 1024:
        raise ReadError(f"工作簿解压后超过{MAX_UNCOMPRESSED_MB} MB，不能导入；请删除多余的内容或拆分文件。")
    for p in parts:
        if p.file_size > 1024 * 1024 and p.file_size > MAX_RATIO * max(p.compress_size, 1):
            raise ReadError("工作簿的压缩比异常（疑似恶意构造的文件），不能导入。")
    for p in parts:
        if p.filename.lower().endswith("sharedstrings.xml") and _shared_strings(data, p) > MAX_SHARED_STRINGS:
            raise ReadError(f"工作簿中的不同文字超过{MAX_SHARED_STRINGS}项，不能导入；请拆分文件。")


def _shared_strings(data: bytes, part: zipfile.ZipInfo) -> int:
    """How many strings the shared-strings part holds, counted in the unpacked bytes as they
    stream (each <si>…</si> pair ends two tags in "si>", an empty <si/> one in "si/>")."""
    ends = empty = 0
    tail = b""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z, z.open(part) as f:
            while chunk := f.read(1024 * 1024):
                window = tail + chunk
                ends += window.count(b"si>") - tail.count(b"si>")
                empty += window.count(b"si/>") - tail.count(b"si/>")
                tail = window[-3:]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error):
        raise ReadError("文件不是有效的Excel工作簿（.xlsx），可能已损坏或不完整。") from None
    return ends // 2 + empty


def _xlsx_grid(data: bytes, deadline: Deadline) -> list[list]:
    from ledger.imports.sheet import FirstSheet

    _check_zip(data)
    try:
        sheet = FirstSheet(data)
    except Exception:
        raise ReadError("文件不是有效的Excel工作簿（.xlsx）。") from None
    try:
        return _bounded(sheet.rows(), deadline)
    except ReadError:
        raise
    except Exception:
        raise ReadError("工作簿内容已损坏（表格数据无法解析），不能导入。") from None
    finally:
        sheet.close()


def _xls_grid(data: bytes, deadline: Deadline) -> list[list]:
    """The first sheet of an Excel 97–2003 workbook, which older systems still export;
    cells as openpyxl would give them (dates as datetimes, blanks as None)."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
        sheet = book.sheet_by_index(0)
    except Exception:
        raise ReadError("文件不是有效的Excel 97-2003工作簿（.xls）。") from None

    def value(cell):
        if cell.ctype == xlrd.XL_CELL_DATE:
            try:
                return xlrd.xldate_as_datetime(cell.value, book.datemode)
            except Exception:
                return cell.value
        if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
            return None
        if cell.ctype == xlrd.XL_CELL_BOOLEAN:
            return bool(cell.value)
        return cell.value

    def rows():
        for i in range(sheet.nrows):
            yield [value(c) for c in sheet.row(i)]

    try:
        return _bounded(rows(), deadline)
    finally:
        book.release_resources()


def _score(row: list, known: set[str]) -> int:
    return sum(1 for c in row if bare(c) in known)


def _is_subheader(row: list, header: list, known: set[str]) -> bool:
    """The row below the header is a sub-header when it holds only text, and some of it
    sits under a merged group (a blank header cell) or is a known column name."""
    cells = [(i, c) for i, c in enumerate(row) if cell_text(c)]
    if not cells:
        return False
    if any(_numeric(c) for _, c in cells):
        return False
    under_group = any(i < len(header) and not cell_text(header[i]) for i, _ in cells)
    return under_group or _score(row, known) > 0


def _numeric(cell) -> bool:
    """A number, or text that reads as one: a header cell never is."""
    return isinstance(cell, (int, float)) or bool(re.fullmatch(r"-?\d+(\.\d+)?", cell_text(cell)))


def _texts(row: list) -> int:
    """How many cells of a row hold text that is not a number or a date (a header's cells do)."""
    return sum(1 for c in row if cell_text(c) and not _numeric(c) and not isinstance(c, (datetime, date)))


def _columns(levels: list[list], width: int) -> list[Column]:
    """Name each column by its lowest header cell; the cells above it (carried right over a
    merged group, and reset under a new group) make its group path: 资金规模(万元)/财政资金."""
    carried = [""] * len(levels)
    columns = []
    for i in range(width):
        texts = [normalise(level[i]) for level in levels]
        for depth, text in enumerate(texts):
            if text:
                carried[depth] = text
                carried[depth + 1 :] = [""] * (len(levels) - depth - 1)
        own = [d for d, text in enumerate(texts) if text]
        if not own:
            continue
        name = texts[own[-1]]
        path = []
        for text in carried[: own[-1]]:
            if text and text != name and text not in path:
                path.append(text)
        columns.append(Column(i, name, "/".join(path)))
    return columns


def find_table(grid: list[list], known: set[str]) -> Table:
    """Find the header among the first rows (the row naming most known columns), combine
    it with the sub-header rows below it (merged groups over their columns, up to
    MAX_HEADER_DEPTH rows), and collect the data rows below.

    A file whose headers are all unfamiliar still has a header: the first of the widest
    rows of text above the data (a title line is one merged cell). Its columns then go to
    the user to map."""
    best, best_score = None, 0
    for i, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        score = _score(row, known)
        if score > best_score:
            best, best_score = i, score
    if best is None or best_score < 2:
        widths = [_texts(row) for row in grid[:HEADER_SCAN_ROWS]]
        widest = max(widths, default=0)
        if widest < MIN_UNKNOWN_HEADER:
            raise ReadError(f"在前{HEADER_SCAN_ROWS}行中找不到表头（应包含“项目名称”“项目编号”等列）。")
        best = widths.index(widest)
    width = max(len(r) for r in grid[best : best + MAX_HEADER_DEPTH])
    levels = [list(grid[best]) + [None] * (width - len(grid[best]))]
    while len(levels) < MAX_HEADER_DEPTH and best + len(levels) < len(grid):
        below = grid[best + len(levels)]
        if not _is_subheader(below, levels[-1], known):
            break
        levels.append(list(below) + [None] * (width - len(below)))
    depth = len(levels)
    columns = _columns(levels, width)
    rows = []
    for offset, row in enumerate(grid[best + depth :]):
        first = next((text for c in row if (text := cell_text(c))), "")
        if not first:
            continue
        if first.startswith(STOP_MARKERS):
            break
        rows.append((best + depth + offset + 1, list(row) + [None] * (width - len(row))))
    if not rows:
        raise ReadError(f"第{best + 1}行的表头下没有数据行，没有可以导入的行。")
    return Table(columns=columns, rows=rows, header_row=best + 1, header_depth=depth)


# ---- a table kept with its upload ----------------------------------------------------
def _cell_json(value: Any) -> Any:
    """A cell as JSON: dates and datetimes tagged, anything unusual as its text."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    return str(value)


def _cell_value(value: Any) -> Any:
    if isinstance(value, dict):
        if "dt" in value:
            return datetime.fromisoformat(value["dt"])
        if "d" in value:
            return date.fromisoformat(value["d"])
    return value


def table_to_json(table: Table) -> dict[str, Any]:
    """The table as parsed at upload, to keep with the batch (the preview and the commit
    read it instead of parsing the file again)."""
    return {
        "columns": [[c.index, c.name, c.group] for c in table.columns],
        "rows": [[number, [_cell_json(c) for c in cells]] for number, cells in table.rows],
        "header_row": table.header_row,
        "header_depth": table.header_depth,
    }


def table_from_json(data: dict[str, Any]) -> Table:
    return Table(
        columns=[Column(index, name, group) for index, name, group in data["columns"]],
        rows=[(number, [_cell_value(c) for c in cells]) for number, cells in data["rows"]],
        header_row=data["header_row"],
        header_depth=data["header_depth"],
    )
