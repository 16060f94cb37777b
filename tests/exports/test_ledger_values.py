"""The ledger (附件5) of a queryset is read as values in one query
(ledger.ledger_columns.ledger_values) and written column by column; it must write the same
workbook as the projects themselves give, cell for cell and row for row."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import call_command

from ledger.exports.bench import bench_ledger
from ledger.exports.ledger_xlsx import write_ledger
from ledger.ledger_columns import ledger_values
from ledger.models import Project

from .conftest import open_xlsx
from .test_print_layout import text


@pytest.fixture
def varied(make_project, places):
    make_project(
        name="=SUM(A1:A2)",
        remarks="+1",
        measures="-2",
        construction_content="@x 建设冷水鱼养殖330亩（平方米），配套道路及水电设施。",
        fund1_county=Decimal("0.01"),
        fund3_municipal=Decimal("123456789.99"),
        pv_other=Decimal("0.05"),
        production_status="halted",
        use_state="idle",
        reason_funds=True,
        reason_other=True,
        linkage="insufficient",
        linkage_no_jobs=True,
        problem_loss=True,
        proposed_classification="revitalise",
    )
    make_project(managing_level="township", managing_unit=places["baojia_unit"], village=None, measures=text(3000))
    make_project(
        township=places["hanjia"], village=places["hanjia_village"], managing_unit=places["hanjia_village_unit"]
    )


def _ledger(projects) -> bytes:
    buf = BytesIO()
    write_ledger(buf, projects, unit_name="彭水自治县", updated=date(2026, 11, 3), progress={})
    return buf.getvalue()


def test_the_values_hold_what_the_project_derives(varied):
    facts = {f.pk: f for f in ledger_values(Project.objects.all())}
    for p in Project.objects.select_related("township", "village"):
        f = facts[p.pk]
        money = (f.investment_total, f.special_funds, f.other_funds)
        assert money == (p.investment_total, p.special_funds, p.other_funds)
        assert f.location == p.location and f.ledger_progress == p.ledger_progress


def test_a_queryset_and_its_projects_give_the_same_ledger(varied):
    qs = Project.objects.select_related("township", "village", "managing_unit").order_by("number")
    from_values, from_projects = open_xlsx(_ledger(qs)).active, open_xlsx(_ledger(list(qs))).active
    assert from_values.max_row == from_projects.max_row > 7
    for a, b in zip(from_values.iter_rows(), from_projects.iter_rows(), strict=True):
        assert [(c.value, c.data_type, c.number_format) for c in a] == [
            (c.value, c.data_type, c.number_format) for c in b
        ]
    for row in range(1, from_values.max_row + 1):
        assert from_values.row_dimensions[row].height == from_projects.row_dimensions[row].height
    assert {str(r) for r in from_values.merged_cells.ranges} == {str(r) for r in from_projects.merged_cells.ranges}


def test_money_keeps_its_exact_value_and_text_never_becomes_a_formula(varied):
    ws = open_xlsx(_ledger(Project.objects.order_by("number"))).active
    row = next(r for r in ws.iter_rows(min_row=5) if r[1].value == "=SUM(A1:A2)")
    assert [c.data_type for c in (row[1], row[11], row[25], row[27])] == ["s"] * 4
    assert (row[25].value, row[27].value) == ("-2", "+1")
    p = Project.objects.get(name="=SUM(A1:A2)")
    wan = Decimal(10000)
    # the float of the exact 万元, as the cells were written before
    assert [row[8].value, row[9].value, row[10].value] == [
        float(p.investment_total / wan),
        float(p.special_funds / wan),
        float(p.other_funds / wan),
    ]
    assert row[17].value == float(Decimal("0.05") / Decimal(10000))


def test_the_benchmark_compares_with_bare_xlsxwriter(varied):
    b = bench_ledger(Project.objects.all(), repeat=1)
    assert (b.rows, b.cells, b.queries) == (3, 84, 3)
    assert b.export > 0 and b.bare > 0 and b.ratio > 0 and b.cpu_ratio > 0


@pytest.mark.django_db
def test_the_bench_command_prints_the_ratio(capsys, varied):
    call_command("bench_exports", "--repeat", "1")
    out = capsys.readouterr().out
    assert "projects: 3, cells: 84" in out and "ratio: " in out and "processor time" in out
