"""The management ledger (附件5) round trip: our own export, imported into an empty
database, exported again gives the same cells."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from ledger.choices import Classification, OperationMode, ProductionStatus
from ledger.demo import seed_projects
from ledger.exports.ledger_xlsx import NOTES, write_ledger
from ledger.exports.scope import scope_for_user
from ledger.imports.engine import batch_create, import_commit, import_preview
from ledger.imports.mapping import guess_mapping, known_names
from ledger.imports.reader import find_table, load_grid
from ledger.ledger_columns import LEDGER_COLUMNS
from ledger.models import Project
from ledger.weekly.figures import complete_form_q

UPDATED = "2026-11-20"


def export(progress=None) -> bytes:
    out = io.BytesIO()
    projects = Project.objects.select_related("township", "village", "managing_unit").order_by(
        "township__code", "number"
    )
    write_ledger(out, projects, unit_name="彭水县乡村振兴局", updated=date.fromisoformat(UPDATED), progress=progress)
    return out.getvalue()


def cells(data: bytes) -> tuple[list[tuple], list[str]]:
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    return [tuple(row) for row in ws.iter_rows(values_only=True)], sorted(str(m) for m in ws.merged_cells.ranges)


def run(data: bytes, by):
    preview = import_preview(data=data, filename="台账.xlsx", source="ledger")
    batch = batch_create(by=by, source="ledger", filename="台账.xlsx", content=data, preview=preview)
    return import_commit(batch=batch, by=by)


@pytest.fixture
def varied(make_project, places, personas):
    """A county's worth of variety: the demo generator's projects of every class, status,
    operation mode and level, plus the edges a clerk's typing produces."""
    seed_projects(150, seed=11)
    make_project(
        number="5002432019900001",
        village=None,
        managing_level="township",
        managing_unit=places["baojia_unit"],
        name="=保家镇集镇冷库项目",
        construction_content="+冷库1座",
        responsible_person="李四",
        responsible_phone="023-78441234",
        operation_mode=OperationMode.COOPERATIVE,
        remarks="@备查",
        pv_cash=Decimal("0.01"),
        pv_other=Decimal("123456789.99"),
        fund4_social=Decimal("0.03"),
    )
    make_project(number="5002432019900002", classification="", measures="")
    return Project.objects.count()


def test_export_imported_into_an_empty_database_exports_the_same_cells(varied, personas):
    classes = set(Project.objects.values_list("classification", flat=True))
    assert set(Classification.values) | {""} <= classes  # every class, and some undecided
    statuses = set(Project.objects.values_list("production_status", flat=True))
    assert statuses == set(ProductionStatus.values)
    some = list(Project.objects.order_by("number").values_list("pk", flat=True)[:5])
    progress = {pk: f"2026-11-0{i} 已完成{20 * i}%：引进新主体" for i, pk in enumerate(some, start=1)}
    first = export(progress)

    Project.objects.all().delete()
    preview = run(first, personas["carl"])
    assert preview.counts == {"add": varied, "change": 0, "same": 0, "refused": 0, "skipped": 0}
    assert Project.objects.count() == varied
    second = export()  # no approvals here: column 27 comes from the imported text

    rows1, merges1 = cells(first)
    rows2, merges2 = cells(second)
    assert merges1 == merges2
    assert len(rows1) == len(rows2) == varied + 4 + 1 + 1 + len(NOTES)
    for n, (a, b) in enumerate(zip(rows1, rows2, strict=True), start=1):
        assert a == b, f"row {n} differs"
    # and the data survived as data, not only as the same text
    cold = Project.objects.get(number="5002432019900001")
    assert (cold.name, cold.construction_content, cold.remarks) == ("=保家镇集镇冷库项目", "+冷库1座", "@备查")
    assert (cold.village, cold.responsible_phone, cold.pv_cash, cold.pv_other) == (
        None,
        "023-78441234",
        Decimal("0.01"),
        Decimal("123456789.99"),
    )


def test_the_same_ledger_imported_again_changes_nothing(varied, personas):
    first = export()
    Project.objects.all().delete()
    run(first, personas["carl"])
    before = Project.history.count()
    again = run(first, personas["carl"])
    assert again.counts["same"] == varied and again.counts["change"] == again.counts["add"] == 0
    assert Project.history.count() == before


def test_a_class_resting_on_defects_the_ledger_lacks_is_imported_pending(varied, personas):
    """A ledger records none of the upgrade or rebuild defects, the five conditions of 巩固
    or the support a 盘活 project needs: every class it states stands, pending."""
    classes = [Classification.UPGRADE, Classification.REBUILD, Classification.CONSOLIDATE, Classification.REVITALISE]
    counts = {cls: Project.objects.filter(classification=cls).count() for cls in classes}
    assert all(counts.values())
    first = export()
    Project.objects.all().delete()
    preview = import_preview(data=first, filename="台账.xlsx", source="ledger")
    noted = preview.noted
    assert len(noted) == sum(counts.values())
    assert all("分类条件待补录" in o.notes[0] for o in noted)
    run(first, personas["carl"])
    pending = Project.objects.filter(class_conditions_pending=True)
    assert pending.count() == sum(counts.values())
    assert set(pending.values_list("classification", flat=True)) == set(classes)
    # a pending class does not count as a built ledger until the unit completes the form
    assert not Project.objects.filter(complete_form_q(), class_conditions_pending=True).exists()
    # a project without a class has nothing pending
    assert not Project.objects.filter(classification="", class_conditions_pending=True).exists()


def test_scope_export_is_what_a_township_imports_back(varied, personas, places):
    """A township's own ledger, as its user downloads it, imports back unchanged."""
    scope = scope_for_user(personas["alice"])
    out = io.BytesIO()
    write_ledger(out, scope.projects, unit_name=scope.unit_name)
    preview = import_preview(data=out.getvalue(), filename="t.xlsx", source="ledger")
    assert preview.counts["refused"] == 0 and preview.counts["add"] == 0
    assert preview.counts["same"] == Project.objects.filter(township=places["baojia"]).count()


def test_each_column_of_our_export_maps_to_its_own_target(make_project):
    make_project()
    table = find_table(load_grid(export(), "台账.xlsx"), known_names("ledger"))
    assert [c.label for c in table.columns][8] == "投资规模(万元)/小计"
    expected = {index: column.target for index, column in enumerate(LEDGER_COLUMNS) if column.target}
    assert guess_mapping(table.columns, "ledger") == expected
