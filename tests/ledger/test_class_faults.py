"""The stored count of a project's failing classes (Project.class_faults, D137): every save
and bulk write keeps it equal to what the classification test says of the facts, and a
migration's refresh mends rows that differ."""

from django.utils import timezone

from ledger.classification import failing_classes
from ledger.models import Project
from ledger.models.projects import fill_derived, refresh_class_faults


def stored(project):
    return Project.objects.values_list("class_faults", flat=True).get(pk=project.pk)


def test_a_save_keeps_the_count_and_a_save_of_some_fields_too(make_project):
    project = make_project(number="F1")
    assert stored(project) == 0 and failing_classes(project) == []
    project.production_status = "halted"  # a 巩固 must produce normally (三)
    project.save()
    assert stored(project) == 1
    project.production_status = "normal"
    project.save(update_fields=["production_status"])  # a fact alone: the count is written with it
    assert stored(project) == 0
    project.production_status = "halted"
    project.name = "改名"
    project.save(update_fields=["name"])  # not written: the fact was not saved either
    assert stored(project) == 0 and Project.objects.get(pk=project.pk).production_status == "normal"


def test_both_classes_failing_count_two(make_project):
    project = make_project(number="F2", classification="consolidate", proposed_classification="upgrade")
    project.production_status = "halted"
    project.save()
    assert [cls for _, cls, _ in failing_classes(project)] == ["consolidate", "upgrade"]
    assert stored(project) == 2


def test_a_bulk_write_sets_it_through_fill_derived(make_project):
    project = make_project(number="F3")
    project.production_status = "halted"
    fields = fill_derived([project], now=timezone.now())
    Project.objects.bulk_update([project], ["production_status", *fields])
    assert "class_faults" in fields and stored(project) == 1


def test_refresh_mends_what_a_write_around_the_model_left_behind(make_project):
    good, bad = make_project(number="F4"), make_project(number="F5")
    Project.objects.filter(pk=bad.pk).update(production_status="halted")  # no save: the count is stale
    Project.objects.filter(pk=good.pk).update(class_faults=3)
    assert refresh_class_faults(Project, chunk=1) == 2
    assert stored(bad) == 1 and stored(good) == 0
    assert refresh_class_faults(Project) == 0  # nothing left to mend
