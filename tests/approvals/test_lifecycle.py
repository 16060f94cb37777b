"""A whole lifecycle for each class and each managing level: filing → opinions → county →
notice → effect → progress → completion → evaluation → re-classification."""

import datetime as dt

import pytest

from approvals import services
from approvals.choices import Action, DocumentKind, Status
from approvals.selectors import effective_class, latest_progress
from tests.approvals.conftest import CONSULTED, pdf, post_notice

d = dt.date


@pytest.mark.parametrize("level", ["village", "township", "department"])
@pytest.mark.parametrize("cls", ["consolidate", "upgrade", "revitalise", "rebuild"])
def test_whole_lifecycle(level, cls, level_project, approved, personas):
    project = level_project(level, cls)
    app = approved(project)
    assert app.approved_class == cls
    by = personas["dora"] if level == "department" else personas["alice"]
    notice = post_notice(by=by, applications=[app], posted_on=d(2025, 9, 30), contact="来信来访")
    assert notice.ends_on == d(2025, 10, 14)
    assert effective_class(project) is None
    services.close_due_notices(today=d(2025, 10, 15))
    app.refresh_from_db()
    assert app.status == Status.EFFECTIVE and effective_class(project) == cls
    if cls == "rebuild":
        services.document_add(
            by=by, application=app, kind=DocumentKind.REBUILD_PLAN, title="重建方案", file=pdf(), **CONSULTED
        )
    services.progress_add(by=by, application=app, date=d(2025, 11, 1), text="措施推进中", percent=50)
    services.application_complete(by=by, application=app, text="已完成")
    services.application_evaluate(by=by, application=app, text="达到预期")
    assert "措施推进中" in latest_progress(project)
    new = services.application_create(by=by, project=project)
    assert new.sequence == 2 and new.status == Status.PREPARING
    actions = list(app.transitions.values_list("action", flat=True))
    assert actions[0] == Action.CREATE and actions[-1] == Action.EVALUATE
    assert Action.TAKE_EFFECT in actions and Action.APPROVE in actions
