"""The public notice of the county's decision (公告5个工作日以上, 十四), objections, and
taking effect."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from approvals.calendar import notice_end
from approvals.choices import DEFAULT_NOTICE_PLACES, Act, Action, ApplicationKind, ObjectionSource, PostingPlace
from approvals.models import Application, Notice, NoticePosting, Objection
from approvals.route import TRANSITIONS, state_allows, target
from approvals.services.common import deny, move, require_text
from approvals.services.exits import exit_take_effect
from approvals.services.notifications import objection_notify
from approvals.uploads import validate_photo
from ledger import access
from ledger.models import User
from ledger.services import project_take_effect


def _lock_for_notice(applications: list[Application]) -> tuple[list[Application], int]:
    """The applications of one notice, locked, and the one unit that submitted them all."""
    ids = sorted(a.pk for a in applications)
    apps = list(
        Application.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("project", "county_meeting")
        .order_by("pk")
    )
    units = {a.submitting_unit_id for a in apps}
    if len(units) != 1:
        raise ValidationError("一份公示只能包含同一报送单位的项目。")
    return apps, units.pop()


def _check_postable(apps: list[Application], posted_on: dt.date) -> None:
    for app in apps:
        if not state_allows(Act.POST_NOTICE, app.status):
            raise ValidationError(f"“{app.project.name}”当前状态为“{app.get_status_display()}”，不能公示。")
        if app.county_meeting is not None and posted_on < app.county_meeting.date:
            raise ValidationError("张贴日期不能早于县领导小组会议日期。")


@transaction.atomic
def notice_post(
    *,
    by: User,
    applications: list[Application],
    posted_on: dt.date | None,
    places: str = DEFAULT_NOTICE_PLACES,
    contact: str,
) -> Notice:
    """The submitting unit posts the notice of the county's decision on its applications."""
    if not applications:
        raise ValidationError("请选择要公示的项目。")
    if posted_on is None:
        raise ValidationError("请填写张贴日期。")
    apps, unit_id = _lock_for_notice(applications)
    if not access.acts_for_unit(by, unit_id):
        deny("只有报送单位或县领导小组办公室才能张贴公示。")
    _check_postable(apps, posted_on)
    end = notice_end(posted_on)
    notice = Notice.objects.create(
        unit_id=unit_id,
        posted_on=posted_on,
        ends_on=end.end,
        places=require_text(places, "公示地点"),
        contact=require_text(contact, "异议受理方式"),
        created_by=by,
    )
    for app in apps:
        app.notice = notice
        move(app, to=target(Act.POST_NOTICE, app), by=by, action=Action.POST_NOTICE, text=f"{posted_on} 张贴公示")
    return notice


def counts_from(notice: Notice) -> dt.date:
    """The day the notice period counts from: the later of its two postings (十四); the
    registered posting date while a posting is still missing."""
    dates = [p.posted_on for p in notice.postings.all()]
    return max([notice.posted_on, *dates])


def missing_postings(notice: Notice) -> list[str]:
    """The places (十四: 主管单位、实施地) the notice has not yet been recorded as posted at."""
    done = {p.where for p in notice.postings.all()}
    return [place.label for place in PostingPlace if place not in done]


@transaction.atomic
def notice_posting_record(
    *,
    by: User,
    notice: Notice,
    where: str,
    posted_on: dt.date | None,
    place: str,
    photo: UploadedFile | None,
) -> NoticePosting:
    """Record one of the two postings of a notice (十四: "在项目实施主管单位和实施地分别进行
    公告"), with its date, place and a photo; the period is counted again from the later one."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if not access.acts_for_unit(by, notice.unit_id):
        deny("只有公示单位或县领导小组办公室才能登记公示张贴情况。")
    if notice.closed_at:
        raise ValidationError("公示已结束，不能再登记张贴情况。")
    if where not in PostingPlace.values:
        raise ValidationError("请选择张贴处：项目实施主管单位或项目实施地。")
    if posted_on is None:
        raise ValidationError("请填写张贴日期。")
    if posted_on < notice.posted_on:
        raise ValidationError(f"张贴日期不能早于公示登记的张贴日期（{notice.posted_on:%Y-%m-%d}）。")
    if photo is None:
        raise ValidationError("请上传张贴公示的照片。")
    try:
        validate_photo(photo)
    except ValidationError as e:
        raise ValidationError(f"张贴照片：{e.messages[0]}") from e
    posting, _ = NoticePosting.objects.update_or_create(
        notice=notice,
        where=where,
        defaults={"posted_on": posted_on, "place": require_text(place, "张贴地点"), "photo": photo, "by": by},
    )
    notice.ends_on = notice_end(counts_from(notice)).end
    notice._history_user = by  # type: ignore[attr-defined]
    notice.save(update_fields=["ends_on"])
    return posting


@transaction.atomic
def objection_record(
    *,
    by: User,
    notice: Notice,
    received_on: dt.date | None,
    submitter: str,
    text: str,
    application: Application | None = None,
) -> Objection:
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if not access.acts_for_unit(by, notice.unit_id):
        deny("只有公示单位或县领导小组办公室才能登记异议。")
    if notice.closed_at:
        raise ValidationError("公示已结束，不能再登记异议。")
    if application is not None and not Application.objects.filter(pk=application.pk, notice=notice).exists():
        raise ValidationError("所选项目不在本次公示中。")
    if received_on is None:
        raise ValidationError("请填写收到日期。")
    objection = Objection.objects.create(
        notice=notice,
        application=application,
        received_on=received_on,
        submitter=require_text(submitter, "异议人"),
        text=require_text(text, "异议内容"),
        recorded_by=by,
    )
    objection_notify(objection, notice, by=by)
    return objection


# The rate limit of objections lodged online (D107): per address and notice, per notice.
ONLINE_PER_ADDRESS_PER_DAY = 3
ONLINE_PER_NOTICE_PER_DAY = 50


def notice_open_for_objections(notice: Notice, today: dt.date | None = None) -> bool:
    """The notice is in its posting period: posted, not closed, and not past its end (an
    end still pending (D9) keeps it open)."""
    today = today or timezone.localdate()
    if notice.closed_at or today < notice.posted_on:
        return False
    return notice.ends_on is None or today <= notice.ends_on


@transaction.atomic
def objection_lodge_online(
    *,
    notice: Notice,
    submitter: str,
    contact: str,
    text: str,
    application: Application | None,
    photo: UploadedFile | None = None,
    ip: str | None,
    today: dt.date | None = None,
) -> Objection:
    """A villager lodges an objection on the notice's public page (十四). The same checks as
    one recorded by hand, then the rate limit; it enters the unit's list with no recorder,
    and the unit and the office are notified."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if not notice_open_for_objections(notice, today):
        raise ValidationError("公示已结束或不在公示期内，不能再提出异议。")
    if application is None or not Application.objects.filter(pk=application.pk, notice=notice).exists():
        raise ValidationError("请选择本次公示中的项目。")
    since = timezone.now() - dt.timedelta(days=1)
    recent = Objection.objects.filter(notice=notice, source=ObjectionSource.ONLINE, created_at__gte=since)
    if ip and recent.filter(ip=ip).count() >= ONLINE_PER_ADDRESS_PER_DAY:
        raise ValidationError(
            f"同一网络地址24小时内对本公示最多提出{ONLINE_PER_ADDRESS_PER_DAY}条异议，请稍后再试，"
            f"或按公告所列方式（{notice.contact}）反映。"
        )
    if recent.count() >= ONLINE_PER_NOTICE_PER_DAY:
        raise ValidationError(f"本公示今日网上异议已达上限，请按公告所列方式（{notice.contact}）反映。")
    if photo is not None:
        try:
            validate_photo(photo)
        except ValidationError as e:
            raise ValidationError(f"照片：{e.messages[0]}") from e
    objection = Objection.objects.create(
        notice=notice,
        application=application,
        received_on=today or timezone.localdate(),
        submitter=require_text(submitter, "姓名"),
        contact=require_text(contact, "联系方式"),
        text=require_text(text, "异议内容"),
        photo=photo or "",
        source=ObjectionSource.ONLINE,
        ip=ip or None,
        recorded_by=None,
    )
    objection_notify(objection, notice, by=None)
    return objection


@transaction.atomic
def objection_resolve(*, by: User, objection: Objection, resolution: str, upheld: bool = False) -> Objection:
    """Resolve an objection. Upheld, it sends its project back to the preparer for a new
    study (the county must decide again)."""
    obj = Objection.objects.select_for_update(of=("self",)).select_related("notice").get(pk=objection.pk)
    if not access.acts_for_unit(by, obj.notice.unit_id):
        deny("只有公示单位或县领导小组办公室才能处理异议。")
    if obj.resolved:
        raise ValidationError("该异议已处理。")
    resolution = require_text(resolution, "处理结果")
    if upheld:
        if obj.application_id is None:
            raise ValidationError("异议成立的，须指明涉及的项目。")
        app = Application.objects.select_for_update().get(pk=obj.application_id)
        if not state_allows(Act.UPHOLD_OBJECTION, app.status):
            raise ValidationError("该项目已不在公示中。")
        move(app, to=target(Act.UPHOLD_OBJECTION, app), by=by, action=Action.OBJECTION_UPHELD, text=resolution)
    obj.resolved, obj.upheld, obj.resolution = True, upheld, resolution
    obj.resolved_by, obj.resolved_at = by, timezone.now()
    obj.save()
    return obj


def notice_state(notice: Notice, today: dt.date | None = None) -> str:
    """Why a notice cannot close yet, or "" when it can."""
    today = today or timezone.localdate()
    if notice.closed_at:
        return "公示已结束。"
    missing = missing_postings(notice)
    if missing:
        return (
            f"公示须在项目实施主管单位和项目实施地分别张贴，尚未登记{'、'.join(missing)}的张贴情况"
            "（日期、地点、照片），请先登记。"
        )
    result = notice_end(counts_from(notice))
    end = result.end
    if end is None:
        return f"{result.warning}，录入并确认该年度节假日安排后才能计算公示期满日期。"
    if today <= end:
        return f"公示期未满：最早于{end:%Y-%m-%d}期满（自较晚一处张贴次日起算，5个工作日）。"
    if notice.objections.filter(resolved=False).exists():
        return "尚有未处理的异议。"
    return ""


@transaction.atomic
def notice_close(*, notice: Notice, by: User | None = None, today: dt.date | None = None) -> Notice:
    """The notice has ended with no open objection: its classifications take effect.
    `by` is None when run by the scheduled command."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if by is not None and not access.acts_for_unit(by, notice.unit_id):
        deny("只有公示单位或县领导小组办公室才能结束公示。")
    today = today or timezone.localdate()
    why = notice_state(notice, today)
    if why:
        raise ValidationError(why)
    end = notice_end(counts_from(notice)).end  # the table may have changed since posting
    assert end is not None  # notice_state refuses a pending end
    notice.ends_on = end
    notice.closed_at = timezone.now()
    notice.save()
    noticed = Application.objects.select_for_update().filter(
        notice=notice, status__in=TRANSITIONS[Act.CLOSE_NOTICE].sources
    )
    for app in noticed.order_by("pk"):
        app.effective_on = today
        move(
            app,
            to=target(Act.CLOSE_NOTICE, app),
            by=by,
            action=Action.EXIT if app.kind == ApplicationKind.EXIT else Action.TAKE_EFFECT,
            text=f"公示期{counts_from(notice):%Y-%m-%d}至{end:%Y-%m-%d}，无异议",
        )
        if app.kind == ApplicationKind.EXIT:
            exit_take_effect(app, by=by, reason=f"退出生效（申请{app.pk}，公示{notice.posted_on:%Y-%m-%d}起）")
            continue
        project_take_effect(
            project=app.project,
            classification=app.approved_class,
            measures=app.approved_measures,
            by=by,
            reason=f"分类生效（申请{app.pk}，公示{notice.posted_on:%Y-%m-%d}起）",
        )
    return notice


def close_due_notices(today: dt.date | None = None) -> list[Notice]:
    """Close every notice that has ended with no open objection (for cron). A notice with
    no end date (its period runs into a year whose holidays are not entered) is never
    closed: `ends_on__lt` leaves it out, and notice_state refuses it."""
    today = today or timezone.localdate()
    closed: list[Notice] = []
    for notice in Notice.objects.filter(closed_at__isnull=True, ends_on__lt=today).order_by("pk"):
        try:
            closed.append(notice_close(notice=notice, today=today))
        except ValidationError:
            continue
    return closed


@transaction.atomic
def notice_ends_recompute(*, by: User | None, reason: str) -> list[Notice]:
    """Compute again the end of every open notice, after the holiday calendar changed
    (approvals.services.calendar); each changed notice gets a history row with `reason`.
    Returns the notices whose end changed."""
    changed: list[Notice] = []
    notices = Notice.objects.select_for_update().filter(closed_at__isnull=True).order_by("pk")
    for notice in notices.prefetch_related("postings"):
        end = notice_end(counts_from(notice)).end
        if end != notice.ends_on:
            notice.ends_on = end
            notice._history_user = by  # type: ignore[attr-defined]
            notice._change_reason = reason  # type: ignore[attr-defined]
            notice.save(update_fields=["ends_on"])
            changed.append(notice)
    return changed
