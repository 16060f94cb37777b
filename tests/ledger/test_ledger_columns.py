"""The one table of the 附件5 columns: what the export writes reads back as the same value."""

from ledger.choices import ProductionStatus
from ledger.imports.mapping import LEDGER_SYNONYMS
from ledger.ledger_columns import LEDGER_COLUMNS, TOTAL_CHECK, CellFormat, RowContext, column_for


def test_the_ledger_has_28_columns_each_target_fed_once():
    targets = [c.target for c in LEDGER_COLUMNS if c.target]
    assert len(LEDGER_COLUMNS) == 28 and len(targets) == 27 == len(set(targets))
    assert LEDGER_COLUMNS[0].header == "序号" and not LEDGER_COLUMNS[0].target


def test_every_word_a_choice_column_writes_reads_back_as_its_value():
    for column in LEDGER_COLUMNS:
        if column.choices is None:
            continue
        read = column.read_labels()
        for value, word in column.written_labels.items():
            if value == ProductionStatus.HALTED:  # written 经营困难; 停产 under 存在问题 says halted
                assert read[word] == ProductionStatus.DIFFICULTY
            else:
                assert read[word] == value, (column.header, word)


def test_every_label_of_a_choice_and_of_a_flag_is_read():
    for column in LEDGER_COLUMNS:
        read = column.read_labels() if column.choices or column.flags else {}
        if column.choices is not None:
            assert {c.label: c.value for c in column.choices}.items() <= read.items()
        for name, label in column.flags:
            assert read[label] == name


def test_a_grouped_column_is_known_first_by_its_group_without_the_unit():
    assert column_for(TOTAL_CHECK).synonyms == ["投资规模/小计", "小计"]
    assert column_for("pv_other").synonyms == ["项目现值/其他"]  # 其他 alone is too common
    assert column_for("ledger_progress").synonyms == ["处置整改进展情况", "外置整改进展情况"]
    assert LEDGER_SYNONYMS["classification"] == ["四个一批分类", "“四个一批”分类", "四个一分类"]


def test_a_project_fills_its_cells(make_project):
    project = make_project(operation_mode="entrusted", production_status="halted", use_state="idle", reason_funds=True)
    row = RowContext(index=7, progress="进行中")
    cells = {c.header: c.value(project, row) for c in LEDGER_COLUMNS}
    assert (cells["序号"], cells["处置整改进展情况"]) == (7, "进行中")
    assert (cells["运营模式"], cells["生产经营情况"], cells["存在问题"]) == ("委托经营", "经营困难", "停产")
    assert cells["原因分析"] == "资金短缺" and cells["小计"] == project.investment_total
    money = [c.header for c in LEDGER_COLUMNS if c.format == CellFormat.MONEY]
    assert money == ["小计", "专项资金", "其他资金", "结余资金", "待收待返资金", "资产估值", "其他"]
