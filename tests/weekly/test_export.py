"""The weekly workbook (ledger.weekly.export.write_weekly): the deadline line, and text that
looks like a formula written as text."""

import io
from datetime import datetime

import openpyxl
import pytest

from ledger.weekly.export import DEADLINE_TEXT, write_weekly
from ledger.weekly.figures import SHANGHAI
from ledger.weekly.services import weekly_submit
from tests.print_check import workbook_shortfalls
from tests.weekly.conftest import MONDAY


def workbook(**options):
    out = io.BytesIO()
    write_weekly(out, MONDAY, **options)
    return openpyxl.load_workbook(io.BytesIO(out.getvalue())).active


def test_the_week_and_its_deadline_head_the_sheet(county):
    assert DEADLINE_TEXT == "周四16:00"
    assert workbook()["A2"].value == "调度周：2026-11-16 至 2026-11-22（周四16:00前报送）"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1:A2)", '=HYPERLINK("http://example.com")'])
def test_a_unit_name_or_item_4_text_like_a_formula_is_written_as_text(dataset, places, personas, text):
    unit = places["baojia_unit"]
    unit.name = text
    unit.save(update_fields=["name"])
    weekly_submit(
        unit=unit,
        monday=MONDAY,
        by=personas["alice"],
        other_progress=text,
        now=datetime(2026, 11, 19, 9, 0, tzinfo=SHANGHAI),
    )
    ws = workbook(units=[unit])
    name, progress = ws.cell(4, 2), ws.cell(4, ws.max_column)
    assert name.value == text and name.data_type == "s"
    assert progress.value == text and progress.data_type == "s"


def test_the_sheet_prints_landscape_one_page_wide_with_title_and_header_repeated(county):
    ws = workbook()
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
    assert ws.page_setup.fitToWidth in (1, None)
    assert ws.print_title_rows == "$1:$3"
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text


def test_every_row_fits_its_wrapped_text(dataset, places, personas):
    unit = places["baojia_unit"]
    long_text = "组织镇村干部逐个项目开展实地调研，核实资产现状和运营情况，GPS定位2024年度改造工程。" * 12
    weekly_submit(
        unit=unit,
        monday=MONDAY,
        by=personas["alice"],
        other_progress=long_text,
        now=datetime(2026, 11, 19, 9, 0, tzinfo=SHANGHAI),
    )
    out = io.BytesIO()
    write_weekly(out, MONDAY)
    assert workbook_shortfalls(out.getvalue()) == {}
    ws = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, ws.max_column).value == long_text)
    assert ws.row_dimensions[row].height > 100
