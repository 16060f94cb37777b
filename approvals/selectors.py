"""Reads of the approvals, each in a fixed number of queries."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, DecimalField, Exists, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from approvals.choices import (
    ACTIVE,
    EXITED,
    IN_EFFECT,
    UNDECIDED,
    Act,
    ApplicationKind,
    DocumentKind,
    MeetingKind,
    Status,
)
from approvals.models import (
    Application,
    DecisionLetter,
    Document,
    JointReview,
    Meeting,
    Notice,
    Opinion,
    Progress,
    RevitalisationPlan,
    Round,
)
from approvals.route import TRANSITIONS, awaiting_q, preparer_q
from ledger import access
from ledger.choices import Classification, UnitKind
from ledger.extensions import TodoCount
from ledger.history import Entry, entries
from ledger.models import Project, Unit
from ledger.weekly.figures import unit_scope_q
from ledger.xlsx import wan_text as wan

OVERDUE_DAYS = 30  # an effective application with no progress for this long is overdue


# ---- the current class --------------------------------------------------------------
def _effective(project_ref: Any) -> QuerySet[Application]:
    """The applications in effect of a project (or of an `OuterRef` to one), latest first."""
    return Application.objects.filter(project=project_ref, status__in=IN_EFFECT).order_by("-effective_on", "-sequence")


def with_effective_class(qs: QuerySet[Project]) -> QuerySet[Project]:
    """Annotate projects with `effective_class`: the class of their latest application
    that has taken effect ("" or None when none has)."""
    return qs.annotate(effective_class=Subquery(_effective(OuterRef("pk")).values("approved_class")[:1]))


def effective_class(project: Project) -> str | None:
    return _effective(project).values_list("approved_class", flat=True).first()


def open_application_refusal(project: Project) -> str:
    """Why the unit managing `project` may not change now: an application of it is under
    way (its route and submitting unit follow who manages the project)."""
    app = Application.objects.filter(project=project, status__in=ACTIVE).first()
    if app is None:
        return ""
    return (
        f"项目{project.number}有正在办理的分类申请（第{app.sequence}次，{app.get_status_display()}），"
        "办结或撤回后才能调整主管单位。"
    )


def class_decision_text(project: Project) -> str:
    """The decision that set the project's class in force: the county meeting and the
    date it took effect (十四)."""
    app = _effective(project).select_related("county_meeting").first()
    if app is None:
        return ""
    meeting = app.county_meeting
    held = f"{meeting.title}（{meeting.date:%Y-%m-%d}）审定" if meeting is not None else "县领导小组审定"
    effective = f"，{app.effective_on:%Y-%m-%d}公示期满生效" if app.effective_on else ""
    return f"第{app.sequence}次分类申请经{held}{effective}"


def progress_by_project(project_ids: Iterable[int]) -> dict[int, str]:
    """The latest progress text of each project (ledger column 处置整改进展情况), one query."""
    out: dict[int, str] = {}
    rows = (
        Progress.objects.filter(application__project_id__in=project_ids)
        .order_by("application__project_id", "-date", "-pk")
        .values_list("application__project_id", "date", "percent", "text")
    )
    for project_id, date, percent, text in rows:
        if project_id not in out:
            out[project_id] = f"{date:%Y-%m-%d} 已完成{percent}%：{text}"
    return out


def exit_progress_by_project(project_ids: Iterable[int]) -> dict[int, str]:
    """Column 27 (处置整改进展情况) of an exited project: the recovery so far (二, 基本原则:
    退出和追偿机制), e.g. "已追回1.2万元，尚欠0.8万元". Registered after the disposal progress,
    so it wins for an exited project. One query."""
    rows = (
        Application.objects.filter(project_id__in=project_ids, kind=ApplicationKind.EXIT, status__in=EXITED)
        .annotate(got=Sum("recoveries__amount"))
        .values_list("project_id", "status", "recovery_amount", "recovery_closed_reason", "got")
    )
    out: dict[int, str] = {}
    for project_id, status, amount, closed, summed in rows:
        got = Decimal(summed or 0).quantize(Decimal("0.01"))
        owed = (amount or Decimal(0)) - got
        text = f"已追回{wan(got)}万元"
        if status == Status.SETTLED:
            text += "，已结清"
        elif status == Status.WRITTEN_OFF:
            text += f"，核销{wan(owed)}万元（{closed}）"
        else:
            text += f"，尚欠{wan(owed)}万元"
        out[project_id] = text
    return out


def exit_cases_for(user: Any) -> QuerySet[Application]:
    """The exit cases (二, 基本原则: 退出和追偿) of the projects the user may see: the county
    sees all, a unit its own (ledger.access.project_scope); each with `recovered_sum`."""
    return (
        applications_for(user)
        .filter(kind=ApplicationKind.EXIT, status__in=EXITED)
        .annotate(
            recovered_sum=Coalesce(
                Sum("recoveries__amount"),
                Value(Decimal("0.00")),
                output_field=DecimalField(max_digits=14, decimal_places=2),
            )
        )
        .order_by("-effective_on", "-pk")
    )


def exit_case_for(user: Any, pk: int) -> Application:
    """One exit case in the user's scope, or 404."""
    return get_object_or_404(exit_cases_for(user), pk=pk)


def latest_progress(project: Project) -> str:
    return progress_by_project([project.pk]).get(project.pk, "")


# ---- scope --------------------------------------------------------------------------
def applications_for(user: Any) -> QuerySet[Application]:
    """Applications of the projects the user may see (ledger.access.project_scope)."""
    return Application.objects.filter(project__in=Project.objects.filter(access.project_scope(user))).select_related(
        "project", "township", "village", "managing_unit", "submitting_unit"
    )


def application_for(user: Any, pk: int) -> Application:
    return get_object_or_404(applications_for(user), pk=pk)


def application_detail(user: Any, pk: int) -> Application:
    return get_object_or_404(
        applications_for(user)
        .select_related("party_meeting", "county_meeting", "notice", "revitalisation_plan")
        .prefetch_related(
            "opinions__user",
            "opinions__unit",
            "opinions__meeting",
            "opinions__letter",
            "documents__uploaded_by",
            "transitions__by",
            "joint_reviews__unit",
            "joint_reviews__user",
            "progress",
            "objections",
            "copies",
        ),
        pk=pk,
    )


def application_history(app: Application) -> list[Entry]:
    """修改记录 of an application's page: every change of the application and of its
    opinions, joint reviews and revitalisation plan (who, when, old → new), newest first."""
    parts = [
        entries(list(Application.history.filter(id=app.pk)), "申请"),
        entries(list(Opinion.history.filter(application_id=app.pk)), "审核意见"),
        entries(list(JointReview.history.filter(application_id=app.pk)), "会审意见"),
        entries(list(RevitalisationPlan.history.filter(application_id=app.pk)), "盘活方案"),
    ]
    return sorted((e for part in parts for e in part), key=lambda e: e.when, reverse=True)


def project_applications(project: Project) -> list[Application]:
    """The project's applications, latest first, each with `copy_count` (its filings)."""
    return list(
        project.applications.select_related("submitting_unit")
        .annotate(copy_count=Count("copies"))
        .order_by("-sequence")
    )


def notices_for(user: Any) -> QuerySet[Notice]:
    """The county's roles see every notice; a unit its own."""
    return Notice.objects.filter(access.own_unit_scope(user)).select_related("unit")


def meetings_for(user: Any) -> QuerySet[Meeting]:
    """The county's roles see every meeting; a unit its own and the county's."""
    meetings = Meeting.objects.select_related("unit")
    if access.is_county(user) or access.is_municipal(user):
        return meetings.filter(access.county_q(user, "unit__county_id"))
    return meetings.filter(
        access.own_unit_scope(user) | (Q(kind=MeetingKind.COUNTY) & access.county_q(user, "unit__county_id"))
    )


def letters_for(user: Any) -> QuerySet[DecisionLetter]:
    """The decision letters (批复) a user reads: the county's roles all, a unit its own."""
    return DecisionLetter.objects.filter(access.own_unit_scope(user)).select_related("meeting", "unit")


def letter_opinions(letter: DecisionLetter) -> list[Opinion]:
    """The rows of a letter: its opinions with their applications and projects."""
    return list(letter.opinions.select_related("application__project", "application__submitting_unit").order_by("pk"))


def later_letters(letter: DecisionLetter) -> QuerySet[DecisionLetter]:
    """Letters issued after this one that decide again on one of its applications (after an
    objection was upheld or the application was returned and filed again)."""
    apps = letter.opinions.values("application_id")
    return DecisionLetter.objects.filter(opinions__application_id__in=apps, pk__gt=letter.pk).distinct().order_by("pk")


def meeting_opinions(user: Any, meeting: Meeting) -> QuerySet[Opinion]:
    """The decisions recorded at `meeting` that the user may read: the county's roles
    every one; a unit those on the applications of its own projects (a county meeting
    decides every unit's applications; ledger.access.project_scope)."""
    return (
        Opinion.objects.filter(meeting=meeting, application__in=applications_for(user).values("pk"))
        .select_related("application__project", "application__submitting_unit")
        .order_by("application__submitting_unit__name", "pk")
    )


def meeting_files_for(user: Any) -> QuerySet[Meeting]:
    """The meetings whose minutes the user may download: their own unit's, and the
    county's only for the county's roles (ledger.access.reads_county_minutes)."""
    meetings = meetings_for(user)
    if access.reads_county_minutes(user):
        return meetings
    return meetings.exclude(kind=MeetingKind.COUNTY)


def awaiting_county(user: Any) -> QuerySet[Application]:
    """The applications the office may put to the county leading group (十四)."""
    if not access.is_office(user):
        return Application.objects.none()
    return applications_for(user).filter(status__in=TRANSITIONS[Act.DECIDE].sources)


def awaiting_notice(user: Any) -> QuerySet[Application]:
    """Approved applications whose notice the user may post: their submitting unit's, or
    (the county) any unit's (十四)."""
    return applications_for(user).filter(
        access.own_unit_scope(user, "submitting_unit_id"), status__in=TRANSITIONS[Act.POST_NOTICE].sources
    )


# ---- inbox --------------------------------------------------------------------------
_NOTHING = Q(pk__in=[])  # a kind that is never the user's


def _inbox_conditions(user: Any, today: dt.date) -> dict[str, Q]:
    """Per kind of the inbox but the notices, the condition an application of
    `applications_for(user)` meets to be listed there (_NOTHING: a kind not the user's)."""
    none = _NOTHING
    mine = preparer_q(user)
    office = access.is_office(user)
    plan = RevitalisationPlan.objects.filter(application=OuterRef("pk"))
    rebuild_plan = Document.objects.filter(application=OuterRef("pk"), kind=DocumentKind.REBUILD_PLAN)
    evaluation = Document.objects.filter(application=OuterRef("pk"), kind=DocumentKind.EVALUATION_REPORT)
    since = today - dt.timedelta(days=OVERDUE_DAYS)
    recent = Progress.objects.filter(application=OuterRef("pk"), date__gte=since)
    if access.is_reviewer(user):  # 十二: the departments' joint opinions
        given = JointReview.objects.filter(application=OuterRef("pk"), unit_id=user.unit_id)
        sources = TRANSITIONS[Act.JOINT_REVIEW].sources
        joint = Q(status__in=sources, kind=ApplicationKind.CLASSIFICATION) & Q(~Exists(given))
    else:
        joint = none
    return {
        "opinions": awaiting_q(user),
        "decisions": Q(status__in=TRANSITIONS[Act.DECIDE].sources) if office else none,  # 十四
        "records": Q(status__in=TRANSITIONS[Act.RECORD].sources) if office else none,  # 十五
        "preparing": mine & Q(status__in=TRANSITIONS[Act.FILE].sources),
        "to_post": mine & Q(status__in=TRANSITIONS[Act.POST_NOTICE].sources),
        "joint_reviews": joint,
        "plans_missing": mine
        & (
            Q(status__in=UNDECIDED, kind=ApplicationKind.CLASSIFICATION, classification=Classification.REVITALISE)
            & Q(~Exists(plan))
            | Q(status__in=UNDECIDED, kind=ApplicationKind.CLASSIFICATION, classification=Classification.REBUILD)
            & Q(~Exists(evaluation))
            | Q(status__in=[Status.APPROVED, Status.NOTICE, Status.EFFECTIVE], approved_class=Classification.REBUILD)
            & Q(~Exists(rebuild_plan))
        ),
        "overdue": mine & Q(status=Status.EFFECTIVE, effective_on__lt=since) & Q(~Exists(recent)),
    }


def _closing_notices(user: Any, today: dt.date) -> QuerySet[Notice]:
    """Open notices ending within three days or already ended; a notice with no end yet (its
    year's holidays not entered, D9) cannot close: not listed."""
    return notices_for(user).filter(
        closed_at__isnull=True, ends_on__isnull=False, ends_on__lte=today + dt.timedelta(days=3)
    )


def inbox(user: Any, today: dt.date | None = None) -> dict[str, list[Any]]:
    """What waits for the user, by kind, each a list of applications or notices."""
    today = today or timezone.localdate()
    base = applications_for(user)
    items: dict[str, list[Any]] = {
        key: [] if condition is _NOTHING else list(base.filter(condition))
        for key, condition in _inbox_conditions(user, today).items()
    }
    notices = _closing_notices(user, today).annotate(
        open_objections=Count("objections", filter=Q(objections__resolved=False))
    )
    items["notices"] = list(notices)
    return items


INBOX_LABELS = [
    ("opinions", "待签署意见"),
    ("decisions", "待县领导小组审定"),
    ("records", "重新分类待备案"),
    ("joint_reviews", "待填写会审意见"),
    ("preparing", "编制中或被退回"),
    ("plans_missing", "缺少方案或报告"),
    ("to_post", "已审定待公示"),
    ("notices", "公示即将期满或已期满"),
    ("overdue", "处置进展逾期未报"),
]


def inbox_counts(user: Any, today: dt.date | None = None) -> list[tuple[str, str, int]]:
    """The number of each kind of the inbox, as `inbox` lists them: one aggregate over the
    user's applications and one count of notices, whatever the number of applications."""
    today = today or timezone.localdate()
    conditions = _inbox_conditions(user, today)
    counts = (
        applications_for(user)
        .order_by()
        .aggregate(**{key: Count("pk", filter=condition) for key, condition in conditions.items()})
    )
    counts["notices"] = _closing_notices(user, today).count()
    return [(key, label, counts[key] or 0) for key, label in INBOX_LABELS]


# ---- the timetable ------------------------------------------------------------------
def current_round(county_id: int | None, today: dt.date | None = None) -> Round | None:
    """The county's round of this year (the default county's for None), if it has been set
    up (never an earlier year's: 2026 work is judged by the 2026 round)."""
    today = today or timezone.localdate()
    rounds = Round.objects.filter(year=today.year)
    if county_id is None:
        return rounds.filter(county__code=settings.DEFAULT_COUNTY_CODE).first()
    return rounds.filter(county_id=county_id).first()


def round_years(county_id: int | None, today: dt.date | None = None) -> list[int]:
    """The years the timetable may show: every round's of the county, and this year's,
    newest first."""
    today = today or timezone.localdate()
    years = Round.objects.filter(county_id=county_id).values_list("year", flat=True) if county_id else []
    return sorted(set(years) | {today.year}, reverse=True)


def lateness(round_: Round, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Per submitting unit: projects, those not yet filed to the county after the submit
    deadline, not yet decided after the approval deadline, and effective ones not yet
    completed after the report deadline. One query for the applications, one for units."""
    today = today or timezone.localdate()
    rows = (
        Application.objects.filter(round=round_)
        .exclude(status=Status.WITHDRAWN)
        .values("submitting_unit_id", "submitting_unit__name")
        .annotate(
            total=Count("pk"),
            not_submitted=Count("pk", filter=Q(status__in=UNDECIDED - {Status.COUNTY})),
            undecided=Count("pk", filter=Q(status__in=UNDECIDED)),
            not_done=Count("pk", filter=Q(status__in=[Status.APPROVED, Status.NOTICE, Status.EFFECTIVE])),
        )
        .order_by("submitting_unit__name")
    )
    out: list[dict[str, Any]] = []
    for r in rows:
        entry = {
            "unit": r["submitting_unit__name"],
            "total": r["total"],
            "late_submit": r["not_submitted"] if round_.submit_by and today > round_.submit_by else 0,
            "late_approve": r["undecided"] if round_.approve_by and today > round_.approve_by else 0,
            "late_report": r["not_done"] if round_.report_by and today > round_.report_by else 0,
        }
        entry["late"] = entry["late_submit"] + entry["late_approve"] + entry["late_report"]
        out.append(entry)
    return out


DISPOSAL_COUNTS: dict[str, Count] = {
    "revitalise": Count("pk", filter=Q(approved_class=Classification.REVITALISE)),
    "rebuild": Count("pk", filter=Q(approved_class=Classification.REBUILD)),
    "done": Count("pk", filter=~Q(status=Status.EFFECTIVE)),
}


def _disposal_apps(projects: QuerySet[Project, Any] | None = None) -> QuerySet[Application]:
    """Revitalise and rebuild applications in effect (of `projects`, or of all)."""
    apps = Application.objects.filter(
        status__in=IN_EFFECT, approved_class__in=[Classification.REVITALISE, Classification.REBUILD]
    )
    return apps if projects is None else apps.filter(project__in=projects)


def _progress_text(counts: dict[str, Any], updates: int) -> str:
    if not counts.get("revitalise") and not counts.get("rebuild"):
        return "暂无已生效的盘活、重建类项目。"
    return (
        f"已生效盘活类{counts['revitalise']}个、重建类{counts['rebuild']}个，其中处置完成{counts['done']}个；"
        f"本周填报处置进展{updates}条。"
    )


def weekly_progress(unit: Unit, week_start: dt.date) -> str:
    """Item 2 of the weekly dispatch for a unit: how the measures of its revitalise and
    rebuild projects are being carried out, up to the end of the week (two queries)."""
    week_end = week_start + dt.timedelta(days=6)
    apps = _disposal_apps(Project.objects.filter(unit_scope_q(unit)).values("pk"))
    counts = apps.aggregate(**DISPOSAL_COUNTS)
    updates = 0
    if counts["revitalise"] or counts["rebuild"]:
        updates = Progress.objects.filter(application__in=apps.values("pk"), date__range=(week_start, week_end)).count()
    return _progress_text(counts, updates)


def weekly_progress_many(units: Iterable[Unit], week_start: dt.date) -> dict[int, str]:
    """weekly_progress of every unit at once, for the county's summary: four grouped
    queries (by township and by managing unit, of the applications and of the progress)."""
    week_end = week_start + dt.timedelta(days=6)
    apps = _disposal_apps().order_by()
    updates = Progress.objects.filter(application__in=apps.values("pk"), date__range=(week_start, week_end)).order_by()
    grouped: dict[str, tuple[dict[Any, dict[str, Any]], dict[Any, int]]] = {}
    for key in ("township_id", "managing_unit_id"):
        counts = {r.pop(f"project__{key}"): r for r in apps.values(f"project__{key}").annotate(**DISPOSAL_COUNTS)}
        n = dict(updates.values_list(f"application__project__{key}").annotate(n=Count("pk")))
        grouped[key] = (counts, n)
    out: dict[int, str] = {}
    for unit in units:
        key, ref = (
            ("township_id", unit.division_id) if unit.kind == UnitKind.TOWNSHIP else ("managing_unit_id", unit.pk)
        )
        counts, n = grouped[key]
        out[unit.pk] = _progress_text(counts.get(ref, {}), n.get(ref, 0))
    return out


# ---- the count in the navigation bar ----------------------------------------------------
def todo_counts(user: Any) -> list[TodoCount]:
    """The inbox's steps that wait for the user to act, counted in one query for the
    navigation bar (ledger.extensions.todo_counts): opinions to sign, decisions and records
    for the office, joint opinions to give, approved applications to post."""
    if not getattr(user, "is_authenticated", False):
        return []
    kinds: list[tuple[str, Q]] = [("待签署意见", awaiting_q(user))]
    if access.is_office(user):
        kinds.append(("待县领导小组审定", Q(status__in=TRANSITIONS[Act.DECIDE].sources)))
        kinds.append(("重新分类待备案", Q(status__in=TRANSITIONS[Act.RECORD].sources)))
    if access.is_reviewer(user):
        given = JointReview.objects.filter(application=OuterRef("pk"), unit_id=user.unit_id)
        kinds.append(
            (
                "待填写会审意见",
                Q(status__in=TRANSITIONS[Act.JOINT_REVIEW].sources, kind=ApplicationKind.CLASSIFICATION)
                & ~Q(Exists(given)),
            )
        )
    kinds.append(("已审定待公示", preparer_q(user) & Q(status__in=TRANSITIONS[Act.POST_NOTICE].sources)))
    counts = applications_for(user).aggregate(**{f"k{i}": Count("pk", filter=q) for i, (_, q) in enumerate(kinds)})
    return [TodoCount(label, counts[f"k{i}"] or 0, "approvals:inbox") for i, (label, _) in enumerate(kinds)]
