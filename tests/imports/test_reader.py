"""Finding the header: several rows deep, merged groups, header further down, CSV."""

import pytest

from ledger.imports.mapping import guess_mapping, known_names
from ledger.imports.reader import HEADER_SCAN_ROWS, ReadError, cell_text, find_table, load_grid
from tests.imports.workbooks import SAMPLE, ledger_row, ledger_workbook, xlsx

KNOWN = known_names("national")


def test_two_row_merged_header_is_combined():
    table = find_table(load_grid(SAMPLE.read_bytes(), "x.xlsx"), KNOWN)
    labels = [c.label for c in table.columns]
    assert table.header_row == 3 and table.header_depth == 2
    assert "资金规模(万元)/合计" in labels and "资金规模(万元)/衔接资金" in labels and "项目编号" in labels
    assert all(c.in_wan for c in table.columns if c.group)
    assert len(table.rows) == 40 and table.rows[0][0] == 5


def test_single_header_row_found_below_title_lines():
    data = xlsx([["某县项目清单"], [], ["说明文字"], ["项目编号", "项目名称", "乡镇"], ["1", "甲", "保家镇"]])
    table = find_table(load_grid(data, "a.xlsx"), KNOWN)
    assert table.header_row == 4 and table.header_depth == 1 and table.rows == [(5, ["1", "甲", "保家镇"])]


def test_csv_with_bom_and_gb18030():
    text = "项目编号,项目名称,乡镇\n1,甲,保家镇\n"
    for data in (("\ufeff" + text).encode("utf-8"), text.encode("gb18030")):
        table = find_table(load_grid(data, "a.csv"), KNOWN)
        assert [c.name for c in table.columns] == ["项目编号", "项目名称", "乡镇"]


def test_reading_stops_at_the_notes_block():
    data = ledger_workbook([ledger_row(1, "甲", "A1"), ledger_row(2, "乙", "A2")])
    table = find_table(load_grid(data, "l.xlsx"), known_names("ledger"))
    assert [r[1][2] for r in table.rows] == ["A1", "A2"]
    assert "投资规模(万元)/专项资金" in [c.label for c in table.columns]


def test_no_header_is_a_clear_error():
    with pytest.raises(ReadError, match="找不到表头"):
        find_table(load_grid(xlsx([["a", "b"], [1, 2]]), "a.xlsx"), KNOWN)


def test_the_no_header_message_names_the_rows_searched():
    with pytest.raises(ReadError, match=f"在前{HEADER_SCAN_ROWS}行中找不到表头"):
        find_table(load_grid(xlsx([["a", "b"], [1, 2]]), "a.xlsx"), KNOWN)


def test_other_extensions_are_refused():
    with pytest.raises(ReadError, match="xlsx"):
        load_grid(b"x", "a.ods")


def test_a_header_of_unfamiliar_names_is_the_widest_text_row_above_the_data():
    data = xlsx(
        [
            ["某系统资产明细导出（2026年11月）"],
            ["资产名", "资产码", "归属镇", "归属村", "建成年"],
            ["茶园", "Z1", "保家镇", "鹿山社区", 2020],
            ["冷库", "Z2", "汉葭街道", "", 2021],
        ]
    )
    table = find_table(load_grid(data, "a.xlsx"), KNOWN)
    assert table.header_row == 2 and [c.name for c in table.columns] == [
        "资产名",
        "资产码",
        "归属镇",
        "归属村",
        "建成年",
    ]
    assert [r for r, _ in table.rows] == [3, 4]


def test_an_excel_97_workbook_reads_as_its_xlsx_twin():
    """The sample saved as .xls by LibreOffice: same header, same rows, same values."""
    xls = find_table(load_grid(SAMPLE.with_suffix(".xls").read_bytes(), "x.xls"), KNOWN)
    xlsx_ = find_table(load_grid(SAMPLE.read_bytes(), "x.xlsx"), KNOWN)
    assert (xls.header_row, xls.header_depth, xls.columns) == (xlsx_.header_row, xlsx_.header_depth, xlsx_.columns)
    assert [(r, [cell_text(c) for c in cells]) for r, cells in xls.rows] == [
        (r, [cell_text(c) for c in cells]) for r, cells in xlsx_.rows
    ]


def test_a_broken_xls_is_a_clear_error():
    with pytest.raises(ReadError, match="不是有效的Excel 97-2003工作簿"):
        load_grid(b"not a workbook", "a.xls")


def test_a_three_row_header_names_each_column_by_its_group_path():
    data = xlsx(
        [
            ["项目资产明细"],
            ["项目编号", "项目名称", "乡镇", "资金规模（万元）", None, None, None, "备注"],
            [None, None, None, "合计", "财政资金", None, "社会资金", None],
            [None, None, None, None, "衔接资金", "整合资金", None, None],
            ["Z1", "甲", "保家镇", 30, 10, 15, 5, ""],
        ],
        ["A2:A4", "B2:B4", "C2:C4", "D2:G2", "D3:D4", "E3:F3", "G3:G4", "H2:H4"],
    )
    table = find_table(load_grid(data, "a.xlsx"), KNOWN)
    assert (table.header_row, table.header_depth) == (2, 3)
    assert [c.label for c in table.columns] == [
        "项目编号",
        "项目名称",
        "乡镇",
        "资金规模(万元)/合计",
        "资金规模(万元)/财政资金/衔接资金",
        "资金规模(万元)/财政资金/整合资金",
        "资金规模(万元)/社会资金",
        "备注",
    ]
    assert table.rows == [(5, ["Z1", "甲", "保家镇", 30, 10, 15, 5, None])]
    mapping = guess_mapping(table.columns, "national")
    assert [mapping.get(i) for i in range(8)] == [
        "number",
        "name",
        "township",
        "total_check",
        "fund1_central",
        "fund2_central",
        "fund4_social",
        "remarks",
    ]
