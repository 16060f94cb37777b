"""Meetings (十三, 十四) and the county leading group's decision on a batch of applications (十四)."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from approvals.choices import Act, Action, ApplicationKind, Decision, DocumentKind, MeetingKind, OpinionStep
from approvals.models import Application, Meeting, Opinion
from approvals.route import state_allows, target
from approvals.services.common import check_file, deny, move, require_text, unit_of
from approvals.services.letters import letters_issue
from ledger import access
from ledger.choices import Classification, UnitKind
from ledger.classification import refusal
from ledger.models import Unit, User


@transaction.atomic
def meeting_create(
    *,
    by: User,
    kind: str,
    date: dt.date | None,
    title: str,
    number: str = "",
    minutes: UploadedFile | None = None,
    special: bool = False,
) -> Meeting:
    """Record a party-committee meeting of the user's unit (十三), or (the office) a county
    meeting (十四)."""
    if kind == MeetingKind.COUNTY:
        if not access.is_office(by):
            deny("只有县领导小组办公室才能登记县领导小组会议。")
    elif kind == MeetingKind.PARTY:
        if not access.is_filing_unit(by):
            deny("只有乡镇(街道)和行业部门才能登记党组(委)会。")
        special = False
    else:
        raise ValidationError("请选择会议类别。")
    if date is None:
        raise ValidationError("请填写会议日期。")
    check_file(minutes, "会议纪要")
    return Meeting.objects.create(
        kind=kind,
        unit=unit_of(by),
        date=date,
        title=require_text(title, "会议名称"),
        number=(number or "").strip(),
        minutes=minutes or "",
        special=special,
        created_by=by,
    )


@transaction.atomic
def meeting_minutes_upload(*, by: User, meeting: Meeting, minutes: UploadedFile | None) -> Meeting:
    """Upload (or replace) the minutes of a meeting recorded without them; only then may the
    meeting serve a submission (十三) or a decision (十四)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not access.acts_for_unit(by, meeting.unit_id):
        deny("只有召开会议的单位或县领导小组办公室才能上传会议纪要。")
    check_file(minutes, "会议纪要", required=True)
    meeting.minutes = minutes
    meeting.save(update_fields=["minutes"])
    return meeting


@dataclass
class Item:
    """The county's decision on one application."""

    application: Application
    approve: bool
    classification: str = ""  # a changed class, or "" to keep the one applied for
    measures: str = ""  # changed measures, or "" to keep
    text: str = ""  # the opinion; the reason when returning


def class_requirements(app: Application, classification: str, meeting: Meeting) -> list[str]:
    """What the class-specific procedure still lacks before approval: the revitalisation
    plan (九), the evaluation report, the joint review and the special session (十)."""
    missing = []
    if classification == Classification.REVITALISE and not hasattr(app, "revitalisation_plan"):
        missing.append("盘活方案")
    reviewed = {r.unit_id for r in app.joint_reviews.all()}
    needed = (
        Unit.objects.filter(kind=UnitKind.REVIEW, active=True, county=meeting.unit.county)
        .exclude(pk__in=reviewed)
        .order_by("code")
    )
    if needed:
        missing.append(f"{'、'.join(u.name for u in needed)}的会审意见（十二：会同财政、审计、纪检监察等部门）")
    if classification == Classification.REBUILD:
        if not any(d.kind == DocumentKind.EVALUATION_REPORT for d in app.documents.all()):
            missing.append("项目评估报告")
        if not meeting.special:
            missing.append("县领导小组专题研究（会议须标记为专题研究）")
    return missing


def _check_batch(meeting: Meeting, items: list[Item]) -> None:
    if meeting.kind != MeetingKind.COUNTY:
        raise ValidationError("审定须在县领导小组会议上作出。")
    if not meeting.minutes:
        raise ValidationError("县领导小组会议须先上传会议纪要，方可登记审定结果。")
    if not items:
        raise ValidationError("请至少选择一个申请。")
    ids = [i.application.pk for i in items]
    if len(set(ids)) != len(ids):
        raise ValidationError("同一申请不能在一次审定中出现两次。")


def _lock_batch(items: list[Item]) -> tuple[dict[int, Application], dict[int, Application]]:
    """The applications, locked; and the same with what the class requirements read."""
    ids = [i.application.pk for i in items]
    locked = {a.pk: a for a in Application.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    full = {
        a.pk: a
        for a in Application.objects.filter(pk__in=ids)
        .select_related("project", "revitalisation_plan")
        .prefetch_related("documents", "joint_reviews")
    }
    return locked, full


def _approved_class(app: Application, full: Application, item: Item, meeting: Meeting) -> str:
    """The class the county approves, checked against the facts as filed (三–六) and the
    class-specific procedure (九, 十)."""
    name = app.project.name
    cls = item.classification or app.classification
    if cls not in Classification.values:
        raise ValidationError(f"“{name}”：请选择审定的分类。")
    why = refusal(cls, app.facts)
    if why:
        raise ValidationError(f"“{name}”：{why}")
    missing = class_requirements(full, cls, meeting)
    if missing:
        raise ValidationError(f"“{name}”尚缺：{'、'.join(missing)}。")
    return cls


def _approved_exit(app: Application) -> str:
    """An exit (二, 基本原则) is approved only for a project whose linkage, as filed, is
    insufficient; it sets no class."""
    from approvals.services.exits import exit_refusal

    why = exit_refusal(app.facts)
    if why:
        raise ValidationError(f"“{app.project.name}”：{why}")
    return ""


def _county_opinion(app: Application, *, by: User, meeting: Meeting, decision: str, text: str) -> Opinion:
    return Opinion.objects.create(
        application=app,
        step=OpinionStep.COUNTY,
        decision=decision,
        text=text,
        user=by,
        unit=unit_of(by),
        meeting=meeting,
    )


def _approve(app: Application, cls: str, item: Item, *, by: User, meeting: Meeting, at: dt.datetime) -> Opinion:
    app.approved_class = cls
    app.approved_measures = (item.measures or "").strip() or app.measures
    app.county_meeting = meeting
    app.decided_at = at
    text = (item.text or "").strip() or "同意"
    opinion = _county_opinion(app, by=by, meeting=meeting, decision=Decision.AGREE, text=text)
    move(app, to=target(Act.DECIDE, app), by=by, action=Action.APPROVE, text=f"{meeting.title}：{text}")
    return opinion


def _return(app: Application, item: Item, *, by: User, meeting: Meeting) -> Opinion:
    reason = (item.text or "").strip()
    if not reason:
        raise ValidationError(f"“{app.project.name}”：退回须填写理由。")
    opinion = _county_opinion(app, by=by, meeting=meeting, decision=Decision.RETURN, text=reason)
    move(app, to=target(Act.RETURN, app), by=by, action=Action.RETURN, text=f"{meeting.title}：{reason}")
    return opinion


@transaction.atomic
def county_decide(*, by: User, meeting: Meeting, items: list[Item]) -> list[Application]:
    """The county leading group decides a batch at its meeting: each application is
    approved (possibly with a changed class or measures) or returned. All or nothing. The
    decision is issued as one letter (批复) per submitting unit, numbered in the same
    transaction (approvals.services.letters)."""
    if not access.is_office(by):
        deny("只有县领导小组办公室才能登记县领导小组的审定结果。")
    meeting = Meeting.objects.select_related("unit").get(pk=meeting.pk)  # its minutes as stored now
    if not access.same_county(by, meeting.unit.county_id):
        deny("只能登记本区县领导小组会议的审定结果。")
    _check_batch(meeting, items)
    locked, full = _lock_batch(items)
    now = timezone.now()
    done, opinions = [], []
    for item in items:
        app = locked[item.application.pk]
        if app.project.county_id != meeting.unit.county_id:
            raise ValidationError(f"“{app.project.name}”不是本区县的项目，不能审定。")
        if not state_allows(Act.DECIDE, app.status):
            raise ValidationError(
                f"“{app.project.name}”当前状态为“{app.get_status_display()}”，不能审定。可能已被他人处理。"
            )
        if item.approve and app.kind == ApplicationKind.EXIT:
            opinion = _approve(app, _approved_exit(app), item, by=by, meeting=meeting, at=now)
        elif item.approve:
            cls = _approved_class(app, full[app.pk], item, meeting)
            opinion = _approve(app, cls, item, by=by, meeting=meeting, at=now)
        else:
            opinion = _return(app, item, by=by, meeting=meeting)
        done.append(app)
        opinions.append(opinion)
    letters_issue(by=by, meeting=meeting, opinions=opinions, at=now)
    return done
