"""The approvals' sections of the data-quality watch (ledger/watch.py), registered at the
ledger's `watch_items` extension point: the steps of an application late against its
round's dates (时间安排, 十六–二十, and the formal report, 二十三), revitalise and rebuild
projects with no disposal progress for four weeks, and projects not surveyed by the
round's survey date (十八). Each section is one query."""

import datetime as dt

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.urls import reverse

from approvals.choices import UNDECIDED, Status
from approvals.models import Application, Progress
from approvals.selectors import OVERDUE_DAYS, current_round
from ledger.choices import Classification
from ledger.extensions import WatchItem, WatchScope, WatchSection
from ledger.models import Project
from ledger.models.projects import SURVEYED

STALLED_DAYS = 28  # four weeks without progress on a revitalise or rebuild project
DISPOSAL = (Classification.REVITALISE, Classification.REBUILD)
NOT_DONE = (Status.APPROVED, Status.NOTICE, Status.EFFECTIVE)
BEFORE_COUNTY = UNDECIDED - {Status.COUNTY}
assert set(NOT_DONE) == {Status.APPROVED, Status.NOTICE, Status.EFFECTIVE}  # steps_section tests each apart


def _app_item(app: Application, detail: str) -> WatchItem:
    return WatchItem(
        title=f"{app.project.number} {app.project.name}",
        detail=detail,
        url=reverse("approvals:detail", args=[app.pk]),
        place=app.submitting_unit.name,
    )


def _applications(scope: WatchScope) -> QuerySet[Application]:
    return (
        Application.objects.filter(project__in=Project.objects.filter(scope.projects).values("pk"))
        .select_related("project", "round", "submitting_unit")
        .order_by("project__number", "pk")
    )


def _late_step(app: Application, today: dt.date) -> str:
    """The first step of `app` late against its round's dates, or ""."""
    r = app.round  # None for an application older than the rounds
    submit_by, approve_by, report_by = (getattr(r, f, None) for f in ("submit_by", "approve_by", "report_by"))
    disposal_from, first_results_by = (getattr(r, f, None) for f in ("disposal_from", "first_results_by"))
    status = app.get_status_display()
    if app.status in BEFORE_COUNTY and submit_by and submit_by < today:
        return f"逾期未报县领导小组审定（十八：应于{submit_by:%Y-%m-%d}前报送），当前{status}"
    if app.status == Status.COUNTY and approve_by and approve_by < today:
        return f"逾期未审定（十九：应于{approve_by:%Y-%m-%d}前审定）"
    if app.status in NOT_DONE and report_by and report_by < today:
        return f"逾期未处置完毕（二十三：应于{report_by:%Y-%m-%d}前正式报告），当前{status}"
    if app.status == Status.APPROVED and disposal_from and disposal_from < today:
        return f"审定后尚未公示，未按期开始处置（二十：{disposal_from:%Y-%m-%d}后开始处置）"
    has_progress, recent_progress = app.has_progress, app.recent_progress  # type: ignore[attr-defined]  # annotated
    if app.status == Status.EFFECTIVE and not has_progress and first_results_by and first_results_by < today:
        return f"未填报处置进展（二十：应于{first_results_by:%Y-%m-%d}前取得阶段性成效）"
    if (
        app.status == Status.EFFECTIVE
        and app.approved_class not in DISPOSAL
        and app.effective_on
        and app.effective_on < today - dt.timedelta(days=OVERDUE_DAYS)
        and not recent_progress
    ):
        return f"处置进展逾期未报（{OVERDUE_DAYS}天内无进展）"
    return ""


def steps_section(scope: WatchScope, today: dt.date) -> WatchSection:
    """Applications late against their round (the revitalise and rebuild ones without
    progress are the next section's)."""
    since = today - dt.timedelta(days=OVERDUE_DAYS)
    # One test per status, as a CASE: the same filter written as six ORed conditions took
    # PostgreSQL 12 ms to plan (each arm weighed against every index of the table, the
    # partial ones proved or refuted), for a query that runs in half a millisecond.
    late = Case(
        When(status__in=BEFORE_COUNTY, then=Q(round__submit_by__lt=today)),
        When(status=Status.COUNTY, then=Q(round__approve_by__lt=today)),
        When(status=Status.APPROVED, then=Q(round__report_by__lt=today) | Q(round__disposal_from__lt=today)),
        When(status=Status.NOTICE, then=Q(round__report_by__lt=today)),
        When(
            status=Status.EFFECTIVE,
            then=Q(round__report_by__lt=today) | Q(round__first_results_by__lt=today) | Q(effective_on__lt=since),
        ),
        default=Value(False),
        output_field=BooleanField(),
    )
    apps = (
        _applications(scope)
        .alias(late=late)
        .filter(late=True)
        .annotate(
            has_progress=Exists(Progress.objects.filter(application=OuterRef("pk"))),
            recent_progress=Exists(Progress.objects.filter(application=OuterRef("pk"), date__gte=since)),
        )
    )
    items = [_app_item(app, why) for app in apps if (why := _late_step(app, today))]
    return WatchSection(
        key="steps",
        order=20,
        title="处置步骤逾期的申请",
        basis="五、时间安排（十六至二十）和正式报告（二十三）：按本轮工作的时间节点，应完成而未完成的步骤。",
        action="打开申请",
        items=items,
    )


def stalled_section(scope: WatchScope, today: dt.date) -> WatchSection:
    """Revitalise and rebuild projects in disposal with no progress for four weeks."""
    since = today - dt.timedelta(days=STALLED_DAYS)
    progress = Progress.objects.filter(application=OuterRef("pk"))
    apps = (
        _applications(scope)
        .filter(status=Status.EFFECTIVE, approved_class__in=DISPOSAL, effective_on__lte=since)
        .exclude(Exists(progress.filter(date__gt=since)))
        .annotate(last_progress=Subquery(progress.order_by("-date").values("date")[:1]))
    )
    items = [
        _app_item(
            app,
            f"{Classification(app.approved_class).label}，{app.effective_on:%Y-%m-%d}生效，"
            + (f"最近一次进展{app.last_progress:%Y-%m-%d}" if app.last_progress else "尚未填报处置进展"),
        )
        for app in apps
    ]
    return WatchSection(
        key="stalled",
        order=30,
        title="四周无处置进展的盘活、重建项目",
        basis="二十：盘活、重建类项目应迅速开展处置；近四周没有填报处置进展。",
        action="填报进展",
        items=items,
    )


def unsurveyed_section(scope: WatchScope, today: dt.date) -> WatchSection:
    """Projects entered before this year's survey date (十八) and still not surveyed."""
    round_ = current_round(scope.county_id, today)
    items: list[WatchItem] = []
    if round_ is not None and round_.submit_by and round_.submit_by < today:
        projects = (
            Project.objects.filter(scope.projects, exited_on__isnull=True, created_at__date__lte=round_.submit_by)
            .exclude(SURVEYED)
            .select_related("managing_unit")
            .order_by("number")
        )
        detail = (
            f"应于{round_.submit_by:%Y-%m-%d}前调研分类（十八），尚未填报功能现状、使用现状、生产经营或联农带农情况"
        )
        items = [
            WatchItem(
                title=f"{p.number} {p.name}",
                detail=detail,
                url=reverse("project_detail", args=[p.pk]),
                place=p.managing_unit.name,
            )
            for p in projects
        ]
    return WatchSection(
        key="unsurveyed",
        order=50,
        title="逾期未调研的项目",
        basis="十八：调研分类应在本轮的时间节点前完成；早于该日期录入的项目仍未调研。",
        action="打开项目",
        items=items,
    )


def watch_sections(scope: WatchScope, today: dt.date) -> list[WatchSection]:
    """The approvals' sections of the watch (the `watch_items` extension point)."""
    return [steps_section(scope, today), stalled_section(scope, today), unsurveyed_section(scope, today)]
