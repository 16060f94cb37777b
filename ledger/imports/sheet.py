"""The rows of a workbook's first sheet, as openpyxl's read-only reader gives them
(`load_workbook(read_only=True, data_only=True)`, `iter_rows(values_only=True)`), read in
a fraction of its time.

openpyxl opens the workbook as it always does (its parts list, the workbook, the styles
that say which cells are dates, the sheet's bounds), except for the shared-strings table,
read here; the cells of the sheet are then read here too, with lxml, one row at a time,
and converted by openpyxl's own rules (numbers, dates by their style, booleans, shared and
inline strings, errors as their text, the cached value of a formula). What openpyxl builds
per cell and never gives back to values_only (a cell object, a dict of its attributes, the
rich text of every string) is not built."""

import io
import warnings
from collections.abc import Iterator
from typing import Any

from lxml import etree  # type: ignore[import-untyped]
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import SHEET_MAIN_NS

_NS = f"{{{SHEET_MAIN_NS}}}"
_SI, _T, _R, _IS = _NS + "si", _NS + "t", _NS + "r", _NS + "is"
_ROW, _C, _V = _NS + "row", _NS + "c", _NS + "v"


def _parser_args() -> dict[str, Any]:
    # no entities resolved, nothing fetched, no tree beyond libxml2's default bounds
    return {"resolve_entities": False, "no_network": True, "huge_tree": False, "load_dtd": False}


def _text(node: Any) -> str:
    """A string item's text without its formatting or phonetic guide (openpyxl's
    `Text.content`): its own <t>, then the <t> of each run."""
    plain = None
    runs = []
    for child in node:
        if child.tag == _T:
            plain = child.text
        elif child.tag == _R:
            for t in child.iterchildren(_T):
                if t.text is not None:
                    runs.append(t.text)
    return "".join([plain, *runs] if plain is not None else runs)


def _strings(source: Any) -> list[str]:
    """The shared-strings table, as openpyxl's `read_string_table` (which it replaces) reads it."""
    strings = []
    for _, node in etree.iterparse(source, tag=_SI, **_parser_args()):
        strings.append(_text(node).replace("x005F_", ""))
        node.clear()
        while node.getprevious() is not None:
            del node.getparent()[0]
    return strings


class _Reader(ExcelReader):
    def read_strings(self) -> None:
        from openpyxl.xml.constants import SHARED_STRINGS

        ct = self.package.find(SHARED_STRINGS)
        if ct is not None:
            with self.archive.open(ct.PartName[1:]) as src:
                self.shared_strings = _strings(src)


def _number(text: str) -> int | float:
    return float(text) if "." in text or "E" in text or "e" in text else int(text)


class FirstSheet:
    """The first worksheet of a workbook; `rows()` yields each row's values, a row the
    sheet leaves out as an empty one."""

    def __init__(self, data: bytes) -> None:
        reader = _Reader(io.BytesIO(data), read_only=True, data_only=True)
        reader.read()
        self.wb = reader.wb
        self.strings: list[str] = reader.shared_strings

    def close(self) -> None:
        self.wb.close()

    def _value(self, c: Any, kind: str, ref: str | None) -> Any:
        """The value of a <c> of type `kind`, as openpyxl's WorkSheetParser.parse_cell
        gives it with data_only (a shared string is read in `rows`)."""
        if kind == "inlineStr":
            node = c.find(_IS)
            return _text(node) if node is not None else None
        value: Any = c.findtext(_V) or None
        if value is None:
            return None
        if kind == "n":
            value = _number(value)
            style = int(c.get("s") or 0)
            if style in self.date_formats:
                try:
                    return from_excel(value, self.epoch, timedelta=style in self.timedelta_formats)
                except (OverflowError, ValueError):
                    warnings.warn(f"Cell {ref} is marked as a date but its value {value} is no date.", stacklevel=2)
                    return "#VALUE!"
            return value
        if kind == "s":
            return self.strings[int(value)]
        if kind == "b":
            return bool(int(value))
        if kind == "d":
            return from_ISO8601(value)
        return value  # str (a formula's text result), e (an error)

    def rows(self) -> Iterator[list]:
        self.date_formats = self.wb._date_formats
        self.timedelta_formats = self.wb._timedelta_formats
        self.epoch = self.wb.epoch
        strings = self.strings
        columns: dict[str, int] = {}  # column letters → number
        expected = 1  # the next row number to yield
        number = 0
        with self.wb.worksheets[0]._get_source() as src:
            for _, row in etree.iterparse(src, tag=_ROW, **_parser_args()):
                r = row.get("r")
                if r is not None:
                    n = float(r)
                    if not n.is_integer():
                        raise ValueError(f"{r} is not a valid row number")
                    number = int(n)
                else:
                    number += 1
                cells: list[tuple[int, Any]] = []
                counter = 0
                for c in row.iterchildren(_C):
                    ref = c.get("r")
                    if ref:
                        letters = ref.rstrip("0123456789")
                        counter = columns.get(letters) or columns.setdefault(letters, column_index_from_string(letters))
                    else:
                        counter += 1
                    kind = c.get("t", "n")
                    if kind == "s":  # most cells: a shared string …
                        index = c.findtext(_V)
                        cells.append((counter, strings[int(index)] if index else None))
                    elif (
                        kind == "inlineStr"
                        and (node := c.find(_IS)) is not None
                        and len(node) == 1
                        and node[0].tag == _T
                    ):
                        cells.append((counter, node[0].text or ""))  # … or an inline one, without runs
                    else:
                        cells.append((counter, self._value(c, kind, ref)))
                row.clear()
                while row.getprevious() is not None:
                    del row.getparent()[0]
                while expected < number:  # rows the sheet leaves out
                    expected += 1
                    yield []
                if expected > number:
                    continue  # a row number gone back over: openpyxl passes it over
                expected += 1
                if not cells:
                    yield []
                    continue
                width = cells[-1][0]
                values: list = [None] * width
                for column, value in cells:
                    if 1 <= column <= width:
                        values[column - 1] = value
                yield values
