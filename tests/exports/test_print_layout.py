"""The workbooks print cleanly: every row as tall as its longest wrapped cell (checked by
an estimate of its own, tests.print_check), money in 万元 shown with two decimals while
the cell keeps the exact value, print set-up, and the notes that reconcile the ledger's
经营困难 with the statistics table's 遇到困难."""

from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest

from ledger import xlsx
from ledger.choices import LINKAGE_REASONS, PRODUCTION_REASONS, RECORDED_PROBLEMS
from ledger.exports.forms import write_forms
from ledger.exports.ledger_xlsx import NOTES as LEDGER_NOTES
from ledger.exports.ledger_xlsx import write_ledger
from ledger.exports.scope import scope_for_unit
from ledger.exports.statistics import NOTES, difficulty_line, statistics_rows, write_statistics
from ledger.models import Project
from tests.print_check import max_row_height, workbook_shortfalls

# Text of a given length mixing CJK with Latin words and digits, as clerks write it.
SAMPLE = "保家镇生猪养殖场冷链物流中心建设项目，GPS定位及2024年度改造工程（一期），负责人：张建国 13912345678；"


def text(length: int) -> str:
    return (SAMPLE * (length // len(SAMPLE) + 1))[:length]


def field_max(name: str) -> int:
    return Project._meta.get_field(name).max_length


# The free text fields (TextField) have no length limit: 600 characters is a long entry,
# longer than one ledger row can hold (Excel's rows stop at 409 pt).
LONG = 600


@pytest.fixture
def longest(make_project):
    """A project with every text at its longest: each CharField at its max_length, each
    free text long, every problem, reason and linkage reason ticked."""
    flags = {f: True for f, _ in [*RECORDED_PROBLEMS, *PRODUCTION_REASONS, *LINKAGE_REASONS]}
    return make_project(
        name=text(field_max("name")),
        number="5" * field_max("number"),
        responsible_unit=text(field_max("responsible_unit")),
        responsible_person=text(field_max("responsible_person")),
        responsible_phone="0234-78441234",
        construction_content=text(LONG),
        production_status="difficulty",
        linkage="insufficient",
        classification="upgrade",
        measures=text(LONG),
        remarks=text(LONG),
        **flags,
    )


@pytest.fixture
def short(make_project):
    return make_project(name="短", responsible_unit="村", measures="", remarks="")


def export(write, *args, **kwargs) -> bytes:
    buf = BytesIO()
    write(buf, *args, **kwargs)
    return buf.getvalue()


def ledger_bytes() -> bytes:
    return export(write_ledger, Project.objects.order_by("pk"), unit_name="彭水自治县", progress={})


def test_every_ledger_row_fits_its_wrapped_text(longest, short):
    data = ledger_bytes()
    assert workbook_shortfalls(data) == {}
    assert max_row_height(data) <= xlsx.MAX_ROW_HEIGHT
    ws = openpyxl.load_workbook(BytesIO(data)).active
    first = {ws.cell(r, 2).value: r for r in range(5, ws.max_row + 1) if ws.cell(r, 2).value}
    # the longest project outgrows one row: each of its 28 cells is merged over several
    spans = [m for m in ws.merged_cells.ranges if m.min_row == first[longest.name] and m.max_row > m.min_row]
    assert len(spans) == 28 and {m.min_col == m.max_col for m in spans} == {True}
    assert first["短"] == spans[0].max_row + 1
    assert ws.row_dimensions[first["短"]].height < 40  # each row as tall as its own text


def test_the_height_estimate_counts_cjk_double_and_wraps_words_whole():
    assert xlsx.wrapped_lines("中" * 5, 11) == 1  # 10 units in 10 of room
    assert xlsx.wrapped_lines("中" * 6, 11) == 2
    assert xlsx.wrapped_lines("a" * 10, 11) == 1
    assert xlsx.wrapped_lines("中中中中 13912345678", 11) == 2  # the number moves whole
    assert xlsx.wrapped_lines("一\n二\n\n三", 40) == 4
    assert xlsx.fit_height([("中" * 30, 11)]) == 6 * 15 + xlsx.ROW_PADDING
    assert xlsx.fit_height([("中" * 3000, 11)]) == xlsx.MAX_ROW_HEIGHT
    assert xlsx.split_height(1000) == [333.5] * 3


def test_ledger_money_shows_two_decimals_and_keeps_the_exact_value(make_project):
    make_project(fund1_central=Decimal("1337002.13"), fund1_municipal=0, fund1_county=0)
    ws = openpyxl.load_workbook(BytesIO(ledger_bytes())).active
    cell = ws.cell(5, 10)  # 专项资金
    assert cell.value == 133.700213 and cell.data_type == "n"
    assert cell.number_format == "0.00"


def test_ledger_notes_explain_halted_projects_and_unclassified_marks():
    notes = "".join(LEDGER_NOTES)
    assert "停产闲置的项目填为“经营困难”" in notes and "列明“停产”" in notes
    assert "生产经营遇到困难项目数" in notes
    assert "标注“（拟）”的为单位拟认定的类别" in notes and "空白的为尚未拟定分类" in notes


def test_ledger_and_statistics_print_landscape_fitted_with_repeated_header(longest):
    for data in (ledger_bytes(), export(write_statistics, Project.objects.all(), unit_name="彭水自治县")):
        ws = openpyxl.load_workbook(BytesIO(data)).active
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth in (1, None) and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$3:$4"
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
        assert workbook_shortfalls(data) == {}


def test_statistics_says_how_its_difficulty_count_meets_the_ledgers(make_project):
    make_project(production_status="difficulty", reason_price=True)
    make_project(production_status="halted", use_state="idle", reason_funds=True, classification="revitalise")
    make_project(production_status="terminated", use_state="idle", reason_funds=True, classification="")
    scope = scope_for_unit(None)
    _, total = statistics_rows(scope.projects, group_by="township")
    line = difficulty_line(total)
    assert line == (
        "管理台账（附件5）中“生产经营情况”为“经营困难”的项目2个，"
        "即生产经营遇到困难的1个加停产闲置（未终止经营）的1个（见填表说明3）。"
    )
    ws = openpyxl.load_workbook(BytesIO(export(write_statistics, scope.projects, unit_name="彭水自治县"))).active
    texts = [row[0] for row in ws.iter_rows(values_only=True)]
    assert line in texts and NOTES[2] in texts
    ledger = openpyxl.load_workbook(BytesIO(ledger_bytes())).active
    statuses = [row[20] for row in ledger.iter_rows(min_row=5, max_row=7, values_only=True)]
    assert statuses.count("经营困难") == 2  # as the line says


def test_every_form_row_fits_its_wrapped_text(longest, short):
    data = export(write_forms, Project.objects.order_by("pk"))
    assert workbook_shortfalls(data) == {}
    wb = openpyxl.load_workbook(BytesIO(data))
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "portrait" and ws.page_setup.paperSize == 9


def test_a_form_box_longer_than_a_row_spreads_over_merged_rows(make_project):
    make_project(measures=text(3000))
    data = export(write_forms, Project.objects.all())
    assert workbook_shortfalls(data) == {}
    assert max_row_height(data) <= xlsx.MAX_ROW_HEIGHT
    ws = openpyxl.load_workbook(BytesIO(data)).active
    spans = [m for m in ws.merged_cells.ranges if m.min_col == 2 and m.max_col == 4 and m.max_row > m.min_row]
    assert any(ws.cell(m.min_row, 1).value == "处置措施" for m in spans)
    # too long for one page at a readable size: one page wide, as many pages as it needs
    assert ws.page_setup.fitToHeight == 0 and "&P" in ws.oddFooter.center.text


def test_a_form_of_ordinary_length_prints_on_one_page(short):
    ws = openpyxl.load_workbook(BytesIO(export(write_forms, Project.objects.all()))).active
    assert ws.page_setup.fitToHeight in (1, None) and ws.sheet_properties.pageSetUpPr.fitToPage
