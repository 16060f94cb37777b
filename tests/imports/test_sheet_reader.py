"""The fast reader of a workbook's first sheet gives what openpyxl's read-only reader gives,
cell for cell: numbers, dates by their style, times, booleans, shared, rich and inline
strings, a formula's cached value, errors, rows and cells the sheet leaves out."""

import io
from datetime import date, datetime, time

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from ledger.imports import reader
from ledger.imports.reader import ReadError, load_grid
from ledger.imports.sheet import FirstSheet
from tests.imports import hostile
from tests.imports.workbooks import SAMPLE, ledger_row, ledger_workbook


def _openpyxl_rows(data: bytes) -> list[list]:
    wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    try:
        ws = wb.worksheets[0]
        ws.reset_dimensions()
        return [list(row) for row in ws.iter_rows(values_only=True)]
    finally:
        wb.close()


def _fast_rows(data: bytes) -> list[list]:
    sheet = FirstSheet(data)
    try:
        return list(sheet.rows())
    finally:
        sheet.close()


def _varied() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目编号", "金额", "日期", "是否", "备注"])
    ws.append(["A001", 154.8132, date(2024, 3, 1), True, "  前后空格  "])
    ws.append([12, 3, datetime(2024, 3, 1, 8, 30), False, None])
    ws["A5"] = "隔一行"  # row 4 left out
    ws["E5"] = CellRichText(["富", TextBlock(InlineFont(b=True), "文本")])
    ws["B6"] = time(8, 30)  # a time of day
    ws["C6"] = "=1+1"  # a formula without a cached value
    ws["D6"] = 1e20
    ws["A7"] = "x005F_编号"  # text that looks like an escape, kept as written
    ws.cell(row=8, column=30, value="远列")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _inline_and_cached() -> bytes:
    """A sheet written by another program: inline strings, formulas with cached values,
    an error, rows and cells without their reference."""
    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>项目编号</t></is></c>'
        '<c r="B1" t="inlineStr"><is><r><t>项目</t></r><r><t>名称</t></r></is></c></row>'
        '<row r="3"><c r="A3"><f>1+1</f><v>2</v></c><c r="B3" t="str"><f>"甲"&amp;"乙"</f><v>甲乙</v></c>'
        '<c r="D3" t="e"><v>#N/A</v></c><c r="E3" t="b"><v>1</v></c><c r="F3" t="inlineStr"/>'
        '<c r="G3" t="inlineStr"><is><t/></is></c>'
        '<c r="H3" t="inlineStr"><is><t>甲</t><rPh sb="0" eb="1"><t>jia</t></rPh></is></c>'
        "</row>"
        '<row><c t="inlineStr"><is><t>无引用</t></is></c><c><v>1.5</v></c></row>'
    )
    return hostile._rewrite(hostile.xlsx([["x"]]), sheet=hostile._sheet_xml("A1:E4", rows))


@pytest.mark.parametrize(
    "build",
    [
        _varied,
        _inline_and_cached,
        SAMPLE.read_bytes,
        lambda: ledger_workbook([ledger_row(i + 1, f"项目{i}", f"N{i}") for i in range(30)]),
        hostile.declared_whole_sheet,
        lambda: hostile.shared_strings(50),
    ],
)
def test_the_fast_reader_gives_what_openpyxl_gives(build):
    data = build()
    assert _fast_rows(data) == _openpyxl_rows(data)


def test_the_cells_keep_their_kinds():
    rows = _fast_rows(_varied())
    assert rows[1] == ["A001", 154.8132, datetime(2024, 3, 1), True, "  前后空格  "]
    assert rows[2][:4] == [12, 3, datetime(2024, 3, 1, 8, 30), False]
    assert rows[3] == [] and rows[4] == ["隔一行", None, None, None, "富文本"]
    assert rows[5][1] == time(8, 30) and rows[5][2] is None and rows[5][3] == 1e20
    assert rows[6] == ["x005F_编号"] and len(rows[7]) == 30 and rows[7][29] == "远列"
    assert _fast_rows(_inline_and_cached())[2:] == [[2, "甲乙", None, "#N/A", True, None, "", "甲"], ["无引用", 1.5]]


def test_a_sheet_broken_in_its_rows_is_refused_in_chinese():
    with pytest.raises(ReadError, match="工作簿内容已损坏"):
        load_grid(hostile.bad_xml(), "a.xlsx")


def test_a_workbook_beyond_the_row_limit_is_still_refused(monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 10)
    with pytest.raises(ReadError, match="文件超过10行"):
        load_grid(ledger_workbook([ledger_row(i + 1, f"项目{i}", f"N{i}") for i in range(40)]), "a.xlsx")
