"""Disposal: progress, completion, evaluation, re-classification, and the current class."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approvals import services
from approvals.choices import DocumentKind, Status
from approvals.selectors import effective_class, latest_progress, progress_by_project, with_effective_class
from ledger.models import Project
from tests.approvals.conftest import CONSULTED, pdf

d = dt.date


def test_progress_and_latest_progress(effective, level_project, personas):
    app = effective(level_project("village"))
    services.progress_add(by=personas["alice"], application=app, date=d(2025, 10, 20), text="完成合同签订", percent=30)
    services.progress_add(by=personas["alice"], application=app, date=d(2025, 11, 20), text="设备到位", percent=60)
    assert latest_progress(app.project) == "2025-11-20 已完成60%：设备到位"


def test_progress_percent_bounded(effective, level_project, personas):
    app = effective(level_project("village"))
    with pytest.raises(ValidationError, match="0到100"):
        services.progress_add(by=personas["alice"], application=app, date=d(2025, 10, 20), text="x", percent=101)


def test_progress_refused_before_effect_and_to_others(approved, effective, level_project, personas):
    app = approved(level_project("village"))
    with pytest.raises(ValidationError):
        services.progress_add(by=personas["alice"], application=app, date=d(2025, 10, 20), text="x", percent=1)
    app2 = effective(level_project("village"))
    with pytest.raises(PermissionDenied):
        services.progress_add(by=personas["bob"], application=app2, date=d(2025, 10, 20), text="x", percent=1)


def test_progress_by_project_in_one_query(effective, level_project, personas, django_assert_num_queries):
    ids = []
    for i in range(3):
        app = effective(level_project("village"))
        services.progress_add(
            by=personas["alice"], application=app, date=d(2025, 10, 20 + i), text=f"第{i}", percent=10 * i
        )
        ids.append(app.project_id)
    with django_assert_num_queries(1):
        result = progress_by_project([*ids, 999999])
    assert len(result) == 3 and result[ids[2]].endswith("第2")


def test_complete_evaluate_and_reclassify(effective, level_project, personas):
    app = effective(level_project("village"))
    with pytest.raises(ValidationError, match="不能重新分类"):
        services.application_create(by=personas["alice"], project=app.project)
    with pytest.raises(ValidationError, match="评估处置效果"):
        services.application_evaluate(by=personas["alice"], application=app, text="x")
    services.application_complete(by=personas["alice"], application=app, text="措施全部落实", on=d(2025, 12, 1))
    services.application_evaluate(by=personas["alice"], application=app, text="效果良好", on=d(2025, 12, 5))
    app.refresh_from_db()
    assert app.status == Status.EVALUATED and app.evaluation == "效果良好"
    project = app.project
    project.production_status = "halted"
    project.use_state = "idle"
    project.reason_price = True
    project.proposed_classification = ""
    project.save()
    new = services.application_create(by=personas["alice"], project=project)
    assert new.sequence == 2 and new.previous == app
    assert new.classification == "revitalise"  # suggested from the current facts
    assert new.facts["production_status"] == "halted"
    assert effective_class(project) == "consolidate"  # the old class holds until the new one takes effect


def test_rebuild_completion_needs_the_rebuild_plan(effective, level_project, personas):
    app = effective(level_project("township", "rebuild"))
    with pytest.raises(ValidationError, match="重建方案"):
        services.application_complete(by=personas["alice"], application=app, text="完成")
    services.document_add(
        by=personas["alice"], application=app, kind=DocumentKind.REBUILD_PLAN, title="重建方案", file=pdf(), **CONSULTED
    )
    services.application_complete(by=personas["alice"], application=app, text="完成")
    app.refresh_from_db()
    assert app.status == Status.COMPLETED


def test_effective_class_annotation(effective, approved, level_project, personas, django_assert_num_queries):
    a = effective(level_project("village", "upgrade"))
    b = approved(level_project("village"))
    with django_assert_num_queries(1):
        rows = dict(with_effective_class(Project.objects.all()).values_list("pk", "effective_class"))
    assert rows[a.project_id] == "upgrade" and rows[b.project_id] is None
    assert effective_class(a.project) == "upgrade" and effective_class(b.project) is None
