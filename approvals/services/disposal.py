"""Disposal of an approved classification: progress, completion, evaluation (FORMS.md §3.5).
Re-classification is a new application (approvals.services.applications.application_create)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from approvals.choices import Action, DocumentKind, Status
from approvals.models import Application, Progress
from approvals.route import is_preparer
from approvals.services.common import deny, expect, lock, move, require_text
from ledger.choices import Classification


@transaction.atomic
def progress_add(*, by, application: Application, date: dt.date, text: str, percent: int) -> Progress:
    app = lock(application)
    if not is_preparer(by, app):
        deny("只有编制单位才能填报处置进展。")
    expect(app, Status.EFFECTIVE, doing="填报处置进展")
    if date is None:
        raise ValidationError("请填写日期。")
    if percent is None or not 0 <= int(percent) <= 100:
        raise ValidationError("完成比例须在0到100之间。")
    return Progress.objects.create(
        application=app, date=date, text=require_text(text, "进展情况"), percent=int(percent), by=by
    )


@transaction.atomic
def application_complete(*, by, application: Application, text: str, on: dt.date | None = None) -> Application:
    app = lock(application)
    if not is_preparer(by, app):
        deny("只有编制单位才能确认处置完成。")
    expect(app, Status.EFFECTIVE, doing="确认处置完成")
    if (
        app.approved_class == Classification.REBUILD
        and not app.documents.filter(kind=DocumentKind.REBUILD_PLAN).exists()
    ):
        raise ValidationError("重建项目须先上传重建方案。")
    app.completed_on = on or timezone.localdate()
    move(app, to=Status.COMPLETED, by=by, action=Action.COMPLETE, text=require_text(text, "完成情况"))
    return app


@transaction.atomic
def application_evaluate(*, by, application: Application, text: str, on: dt.date | None = None) -> Application:
    """Evaluate the result of the disposal; the project may then be re-classified."""
    app = lock(application)
    if not is_preparer(by, app):
        deny("只有编制单位才能评估处置效果。")
    expect(app, Status.COMPLETED, doing="评估处置效果")
    app.evaluation = require_text(text, "评估意见")
    app.evaluated_on = on or timezone.localdate()
    move(app, to=Status.EVALUATED, by=by, action=Action.EVALUATE, text=app.evaluation)
    return app
