"""Disposal of an approved classification: progress, completion, evaluation (十五).
Re-classification is a new application (approvals.services.applications.application_create)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from approvals.choices import Act, Action, DocumentKind
from approvals.models import Application, Progress
from approvals.route import target
from approvals.services.common import check_party, check_state, lock, move, require_text
from ledger.choices import Classification
from ledger.models import User


@transaction.atomic
def progress_add(
    *, by: User, application: Application, date: dt.date | None, text: str, percent: int | None
) -> Progress:
    app = lock(application)
    check_party(by, app, Act.PROGRESS, refusal="只有编制单位才能填报处置进展。")
    check_state(app, Act.PROGRESS)
    if date is None:
        raise ValidationError("请填写日期。")
    if percent is None or not 0 <= int(percent) <= 100:
        raise ValidationError("完成比例须在0到100之间。")
    return Progress.objects.create(
        application=app, date=date, text=require_text(text, "进展情况"), percent=int(percent), by=by
    )


@transaction.atomic
def application_complete(*, by: User, application: Application, text: str, on: dt.date | None = None) -> Application:
    app = lock(application)
    check_party(by, app, Act.COMPLETE, refusal="只有编制单位才能确认处置完成。")
    check_state(app, Act.COMPLETE)
    if (
        app.approved_class == Classification.REBUILD
        and not app.documents.filter(kind=DocumentKind.REBUILD_PLAN).exists()
    ):
        raise ValidationError("重建项目须先上传重建方案。")
    app.completed_on = on or timezone.localdate()
    move(app, to=target(Act.COMPLETE, app), by=by, action=Action.COMPLETE, text=require_text(text, "完成情况"))
    return app


@transaction.atomic
def application_evaluate(*, by: User, application: Application, text: str, on: dt.date | None = None) -> Application:
    """Evaluate the result of the disposal; the project may then be re-classified (十五)."""
    app = lock(application)
    check_party(by, app, Act.EVALUATE, refusal="只有编制单位才能评估处置效果。")
    check_state(app, Act.EVALUATE)
    app.evaluation = require_text(text, "评估意见")
    app.evaluated_on = on or timezone.localdate()
    move(app, to=target(Act.EVALUATE, app), by=by, action=Action.EVALUATE, text=app.evaluation)
    return app
