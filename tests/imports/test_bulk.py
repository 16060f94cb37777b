"""The import's bulk writes (the fast paths on PostgreSQL, `bulk_update` and `bulk_create`
elsewhere): the values written are those of the objects, the history rows those a save
writes, each project's with its own user and reason."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from ledger.imports import bulk
from ledger.models import Project
from ledger.models.projects import fill_derived
from tests.conftest import project_facts

TRACKED = [f.attname for f in Project.history.model.tracked_fields]


def test_update_writes_the_fields_named_and_leaves_the_others(make_project, places):
    a, b = make_project(name="甲"), make_project(name="乙")
    a.name, a.fund1_central, a.exited_on = "甲'改\n", Decimal("123456789012.34"), date(2024, 5, 6)
    b.name, b.village, b.responsible_person = "乙改", places["baojia_village2"], "不写"
    bulk.update(Project, [a, b], ["exited_on", "fund1_central", "name", "village"])
    a2, b2 = Project.objects.get(pk=a.pk), Project.objects.get(pk=b.pk)
    assert (a2.name, a2.fund1_central, a2.exited_on) == ("甲'改\n", Decimal("123456789012.34"), date(2024, 5, 6))
    assert (b2.name, b2.village, b2.responsible_person) == ("乙改", places["baojia_village2"], "张建国")


def test_history_rows_hold_the_values_written_by_whom_and_why(personas, make_project):
    projects = [make_project(name=f"项目{i}") for i in range(3)]
    before = Project.history.count()
    projects[0].record_change(by=personas["carl"], reason="导入：a.xlsx")
    projects[2].record_change(by=personas["carl"], reason="导入：a.xlsx")
    projects[1].record_change(by=None, reason="另一原因")
    when = timezone.now()
    bulk.history(projects, changed=True, when=when, default_user=personas["carl"])
    rows = list(Project.history.order_by("history_id")[before:])
    assert sorted(r.id for r in rows) == sorted(p.pk for p in projects)
    for record in rows:
        project = Project.objects.get(pk=record.id)
        assert {name: getattr(record, name) for name in TRACKED} == {name: getattr(project, name) for name in TRACKED}
        assert record.history_type == "~" and record.history_date == when
        expected = ("另一原因", None) if project.pk == projects[1].pk else ("导入：a.xlsx", personas["carl"].pk)
        assert (record.history_change_reason, record.history_user_id) == expected


def test_insert_writes_every_value_as_it_is_and_gives_the_ids(places):
    made = []
    for i, name in enumerate(["甲\t乙\n丙\\丁\r", "N'ull \\N"]):
        p = Project(
            **project_facts(number=f"B{i}", name=name, construction_content=""),
            township=places["baojia"],
            village=places["baojia_village"],
            managing_unit=places["village_unit"],
            exited_on=date(2024, 5, 6) if i else None,
            fund2_county=Decimal("123456789012.34"),
        )
        made.append(p)
    fill_derived(made, now=timezone.now())
    bulk.insert(Project, made)
    for p in made:
        kept = Project.objects.get(pk=p.pk)
        for f in Project._meta.concrete_fields:
            if f.attname not in ("investment", "created_at"):
                assert getattr(kept, f.attname) == getattr(p, f.attname), f.attname
    assert Project.objects.get(number="B0").name == "甲\t乙\n丙\\丁\r" and Project.objects.get(number="B1").exited_on


def test_the_bulk_writes_keep_the_count_of_failing_classes(make_project, places):
    """What fill_derived sets (D137) is written by both bulk paths: a changed fact that a
    class in force no longer allows, and a new project whose class fails from the start."""
    kept = make_project(number="K1")
    kept.production_status = "halted"  # a 巩固 must produce normally (三)
    fields = fill_derived([kept], now=timezone.now())
    bulk.update(Project, [kept], sorted({"production_status", *fields}))
    new = Project(
        **project_facts(number="K2", production_status="halted", classification="consolidate"),
        township=places["baojia"],
        village=places["baojia_village"],
        managing_unit=places["village_unit"],
    )
    fill_derived([new], now=timezone.now())
    bulk.insert(Project, [new])
    assert dict(Project.objects.filter(number__in=["K1", "K2"]).values_list("number", "class_faults")) == {
        "K1": 1,
        "K2": 1,
    }
