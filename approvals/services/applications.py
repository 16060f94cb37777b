"""Filing and reviewing an application along its route (approvals.route; 十二–十四)."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from approvals.choices import Act, Action, Actor, ApplicationKind, Decision, DocumentKind, MeetingKind, Status
from approvals.models import Application, Meeting, Opinion, RevitalisationPlan, Round
from approvals.route import (
    SUBMITTER,
    TRANSITIONS,
    Step,
    acts_as,
    draft,
    is_preparer,
    new_round_refusal,
    step_for,
    steps,
    target,
)
from approvals.services.common import (
    check_file,
    check_kind,
    check_party,
    check_state,
    deny,
    lock,
    move,
    require_text,
    snapshot,
    unit_of,
)
from approvals.services.copies import application_copy_create
from approvals.services.rounds import round_for_year
from ledger.choices import Classification, UnitKind
from ledger.classification import refusal, suggest
from ledger.history import check_version
from ledger.models import Project, Unit, User
from ledger.services import project_take_effect


def _submitting_unit(project: Project) -> Unit:
    if SUBMITTER[project.managing_level] == Actor.DEPARTMENT:
        return project.managing_unit
    return Unit.objects.get(kind=UnitKind.TOWNSHIP, division_id=project.township_id)


def _round_for(today: dt.date, project: Project) -> Round:
    """The round of the project's county of the year the application is started in,
    created with the notice's dates when the year has none yet (approvals.services.rounds)."""
    return round_for_year(today.year, project.county)


def _check_class(classification: str, measures: str, facts: dict[str, Any]) -> None:
    if classification not in Classification.values:
        raise ValidationError("请选择“四个一批”认定类别。")
    why = refusal(classification, facts)
    if why:
        raise ValidationError(why)
    require_text(measures, "处置措施")


def start_application(
    *, by: User, project: Project, refusal: Callable[[Project, str | None], str], denied: str
) -> Application:
    """What starting any application shares (unsaved; call inside a transaction): the
    project locked, the preparer checked (`denied` otherwise), `refusal(project, status of
    the latest application)` asked, then numbered after the earlier rounds, placed, with the
    project's facts, its author and the round of this year."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    app = draft(project)
    if not is_preparer(by, app):
        deny(denied)
    latest = project.applications.exclude(status=Status.WITHDRAWN).order_by("-sequence").first()
    why = refusal(project, latest.status if latest else None)
    if why:
        raise ValidationError(why)
    last_seq = project.applications.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    app.sequence = last_seq + 1
    app.previous = latest
    app.submitting_unit = _submitting_unit(project)
    app.facts = snapshot(project)
    app.created_by = by
    app.round = _round_for(timezone.localdate(), project)
    return app


@transaction.atomic
def application_create(*, by: User, project: Project, classification: str = "", measures: str = "") -> Application:
    """Start a round of classification: the first, or a re-classification after the
    previous round was disposed of and evaluated (十五). Pre-filled from the project's facts."""
    app = start_application(
        by=by,
        project=project,
        refusal=lambda _project, latest: new_round_refusal(latest),
        denied="只有负责编制该项目申请表的单位才能发起分类申请。",
    )
    project, latest = app.project, app.previous
    # after a round disposed of and evaluated, the new class is filed for the record (十五)
    app.kind = ApplicationKind.REFILING if latest else ApplicationKind.CLASSIFICATION
    app.classification = classification or project.proposed_classification or suggest(project) or ""
    app.measures = measures or project.proposed_measures
    app.save()
    move(app, to=Status.PREPARING, by=by, action=Action.CREATE, text="重新分类" if latest else "首次分类")
    return app


@transaction.atomic
def application_update(
    *, by: User, application: Application, classification: str, measures: str, version: int | None = None
) -> Application:
    """Change the proposed class and measures while the application is being prepared.
    The change is a Transition row (修改申请) saying what changed, old → new; a save made
    on a copy older than `version` (ledger.history) is refused."""
    app = lock(application)
    check_state(app, Act.UPDATE)
    check_party(by, app, Act.UPDATE, refusal="只有编制单位才能修改申请。")
    check_version(app, version, "此申请", by)
    if classification not in Classification.values:
        raise ValidationError("请选择“四个一批”认定类别。")
    new = {"classification": classification, "measures": measures.strip()}
    labels = {"classification": "申请认定", "measures": "处置措施"}
    changes = [
        f"{labels[name]}：{_shown(name, getattr(app, name))} → {_shown(name, value)}"
        for name, value in new.items()
        if getattr(app, name) != value
    ]
    if not changes:
        return app
    app.classification, app.measures = new["classification"], new["measures"]
    move(app, to=app.status, by=by, action=Action.UPDATE, text="；".join(changes))
    return app


def _shown(name: str, value: str) -> str:
    if not value:
        return "（空）"
    return Classification(value).label if name == "classification" else value


def filing_requirements(app: Application) -> list[str]:
    """What the application lacks before it may be filed, each as a Chinese sentence: the
    survey report (十二, 十三: "连同项目实地调研情况报告报送") and, for 盘活, its plan
    (一项目、一台账、一方案, 九)."""
    missing = []
    if not app.documents.filter(kind=DocumentKind.SURVEY_REPORT).exists():
        missing.append("报送前须上传实地调研情况报告。")
    if (
        app.classification == Classification.REVITALISE
        and not RevitalisationPlan.objects.filter(application=app).exists()
    ):
        missing.append("申请认定为“盘活”的项目，报送前须填报盘活方案（一项目、一台账、一方案）。")
    return missing


@transaction.atomic
def application_file(*, by: User, application: Application, text: str = "") -> Application:
    """报送: the preparer files the form; the project's facts are snapshotted now and the
    form as filed is frozen (approvals.services.copies)."""
    app = lock(application)
    check_state(app, Act.FILE)
    check_kind(app, Act.FILE)
    check_party(by, app, Act.FILE, refusal="只有编制单位才能报送申请。")
    app.facts = snapshot(app.project)
    _check_class(app.classification, app.measures, app.facts)
    missing = filing_requirements(app)
    if missing:
        raise ValidationError(missing)
    application_copy_create(app=app, by=by)
    move(app, to=target(Act.FILE, app), by=by, action=Action.FILE, text=text)
    return app


def _reviewer_step(by: User, app: Application, action: Act) -> Step:
    """The step `by` reviews the application at (for "agree" and "return")."""
    check_state(app, action)
    step = step_for(app)
    if step is None:
        raise ValueError(f"{app.status} is not a step of the route of application {app.pk}")
    if not acts_as(by, step.actor, app):
        if any(acts_as(by, s.actor, app) for s in steps(app)):
            # A reviewer of another step of this route: the application has moved on (or
            # back), perhaps while this user was looking at it.
            deny(
                f"该申请当前状态为“{app.get_status_display()}”，不在您的审核步骤，"
                f"不能{TRANSITIONS[action].doing}。可能已被他人处理，请刷新页面后查看。"
            )
        deny(f"您不是本步骤（{app.get_status_display()}）的审核单位。")
    return step


@transaction.atomic
def application_agree(
    *,
    by: User,
    application: Application,
    text: str,
    seal: UploadedFile | None = None,
    party_meeting: Meeting | None = None,
) -> Application:
    """A reviewer agrees: the opinion (with the sealed page) is kept and the application
    moves to the next step of its route."""
    app = lock(application)
    step = _reviewer_step(by, app, Act.AGREE)
    text = require_text(text, "意见")
    check_file(seal, "盖章页扫描件", required=step.seal)
    if step.party_meeting:
        app.party_meeting = _check_party_meeting(by, party_meeting, "报送")
    Opinion.objects.create(
        application=app,
        step=step.opinion,
        decision=Decision.AGREE,
        text=text,
        user=by,
        unit=unit_of(by),
        seal=seal or "",
        meeting=party_meeting if step.party_meeting else None,
    )
    move(app, to=target(Act.AGREE, app), by=by, action=Action.AGREE, text=text)
    return app


@transaction.atomic
def application_return(*, by: User, application: Application, reason: str) -> Application:
    """退回: a reviewer sends the application back to the preparer with a reason."""
    app = lock(application)
    step = _reviewer_step(by, app, Act.RETURN)
    reason = require_text(reason, "退回理由")
    Opinion.objects.create(
        application=app, step=step.opinion, decision=Decision.RETURN, text=reason, user=by, unit=unit_of(by)
    )
    move(app, to=target(Act.RETURN, app), by=by, action=Action.RETURN, text=reason)
    return app


@transaction.atomic
def application_withdraw(*, by: User, application: Application, reason: str) -> Application:
    """撤回: the preparer withdraws the application before the county decision."""
    app = lock(application)
    check_state(app, Act.WITHDRAW)
    check_party(by, app, Act.WITHDRAW, refusal="只有编制单位才能撤回申请。")
    reason = require_text(reason, "撤回理由")
    move(app, to=target(Act.WITHDRAW, app), by=by, action=Action.WITHDRAW, text=reason)
    return app


def _check_party_meeting(by: User, meeting: Meeting | None, before: str) -> Meeting:
    """The unit's own party-committee meeting, with its minutes (十三, 十五: 形成会议纪要)."""
    if meeting is None:
        raise ValidationError(f"{before}前须经本单位党组(委)会研究，请选择会议。")
    if meeting.kind != MeetingKind.PARTY or meeting.unit_id != by.unit_id:
        raise ValidationError("所选会议不是本单位的党组(委)会。")
    if not Meeting.objects.filter(pk=meeting.pk).exclude(minutes="").exists():
        raise ValidationError(f"所选党组(委)会尚未上传会议纪要（形成会议纪要），请先在会议页面上传纪要后再{before}。")
    return meeting


@transaction.atomic
def refiling_file(*, by: User, application: Application, party_meeting: Meeting | None, text: str = "") -> Application:
    """报送备案 (十五): after disposal and its evaluation, the unit files the re-filled form
    with the minutes of its party-committee meeting and the effect evaluation for the
    leading group's record."""
    app = lock(application)
    check_state(app, Act.FILE_RECORD)
    check_kind(app, Act.FILE_RECORD)
    check_party(by, app, Act.FILE_RECORD, refusal="只有编制单位才能报送重新分类备案。")
    app.facts = snapshot(app.project)
    _check_class(app.classification, app.measures, app.facts)
    app.party_meeting = _check_party_meeting(by, party_meeting, "报送备案")
    if app.previous is None or not app.previous.evaluation.strip():
        raise ValidationError("报送备案须附上一轮处置的效果评估，请先在上一轮申请中评估处置效果。")
    application_copy_create(app=app, by=by)  # the re-filled form as filed, like any filing
    move(app, to=target(Act.FILE_RECORD, app), by=by, action=Action.FILE_RECORD, text=(text or "").strip())
    return app


@transaction.atomic
def refiling_record(*, by: User, application: Application, text: str = "") -> Application:
    """备案 (十五): the leading-group office records receipt of the re-classification; the
    new class comes into force now, with no second decision or public notice."""
    app = lock(application)
    check_state(app, Act.RECORD)
    check_kind(app, Act.RECORD)
    check_party(by, app, Act.RECORD, refusal="只有县领导小组办公室才能登记备案。")
    app.approved_class, app.approved_measures = app.classification, app.measures
    app.decided_at = timezone.now()
    app.effective_on = timezone.localdate()
    note = (text or "").strip() or "已备案"
    move(app, to=target(Act.RECORD, app), by=by, action=Action.RECORD, text=note)
    project_take_effect(
        project=app.project,
        classification=app.approved_class,
        measures=app.approved_measures,
        by=by,
        reason=f"重新分类备案（申请{app.pk}，{app.effective_on:%Y-%m-%d}备案）",
    )
    return app
