"""Submitting the weekly report, and whether it came in before the Thursday deadline."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from ledger.access import can_remind_weekly, can_submit_weekly, county_id_of, unit_staff
from ledger.choices import WeeklyStatus
from ledger.models import NotificationKind, Unit, User
from ledger.models.weekly import WeeklyReminder, WeeklyReport, WeeklyReportVersion
from ledger.notifications import notify
from ledger.weekly.figures import (
    REPORTING_KINDS,
    all_unit_figures,
    deadline,
    progress_many_provider,
    reporting_units,
    unit_figures,
    week_start,
)

# The labels by status code, for the pages that look them up (WeeklyStatus(status).label says the same).
STATUS_LABELS: dict[str, str] = dict(WeeklyStatus.choices)


def can_submit(user: User, unit: Unit) -> bool:
    """The unit's own township or department user reports its week (二十二)."""
    return can_submit_weekly(user, unit, REPORTING_KINDS)


NOTHING_ELSE = "无"
EMPTY_ITEM_4 = f"第4项“其他进展情况”不能为空；没有其他进展的，请填“{NOTHING_ELSE}”。"


def amendable(report: WeeklyReport | None, monday: date, now: datetime | None = None) -> bool:
    """A submitted report may be amended by its unit until the week's deadline (周四16:00)."""
    return report is not None and (now or timezone.now()) < deadline(monday)


@transaction.atomic
def weekly_submit(
    *, unit: Unit, monday: date, by: User, other_progress: str, now: datetime | None = None
) -> WeeklyReport:
    """Submit the unit's report for the week, or amend it before the deadline: items 1–3 are
    computed now and kept as submitted; item 4 is the unit's own text and may not be empty
    ("无" when there is nothing). Each submission is kept in full as a version; after the
    deadline a submitted report can no longer be changed (二十二: 每周四16:00前报送)."""
    now = now or timezone.now()
    if not can_submit(by, unit):
        raise PermissionDenied("只能由本乡镇(街道)或行业部门的用户报送本单位的周调度。")
    if monday != week_start(monday):
        raise ValidationError("周调度按周报送，日期须为周一。")
    if monday > week_start(timezone.localtime(now).date()):
        raise ValidationError("不能报送以后的周。")
    text = other_progress.strip()
    if not text:
        raise ValidationError(EMPTY_ITEM_4)
    Unit.objects.select_for_update().get(pk=unit.pk)
    figures = unit_figures(unit, monday)
    report = WeeklyReport.objects.select_for_update().filter(unit=unit, week_start=monday).first()
    if report is not None:
        if not amendable(report, monday, now):
            raise ValidationError(
                f"本周的周调度已报送，报送截止时间（{deadline(monday):%Y-%m-%d %H:%M}）已过，不能再修改。"
            )
        report.figures, report.other_progress, report.submitted_by, report.submitted_at = figures, text, by, now
        report.save(update_fields=["figures", "other_progress", "submitted_by", "submitted_at"])
        number = report.versions.count() + 1
    else:
        try:
            with transaction.atomic():
                report = WeeklyReport.objects.create(
                    unit=unit,
                    week_start=monday,
                    figures=figures,
                    other_progress=text,
                    submitted_by=by,
                    submitted_at=now,
                )
        except IntegrityError:
            raise ValidationError("本周的周调度刚由他人报送，请刷新后再修改。") from None
        number = 1
    WeeklyReportVersion.objects.create(
        report=report, number=number, figures=figures, other_progress=text, submitted_by=by, submitted_at=now
    )
    return report


def report_status(report: WeeklyReport | None, monday: date, now: datetime | None = None) -> WeeklyStatus:
    """按时 when submitted before Thursday 16:00 Asia/Shanghai; 逾期 after; not yet. An
    amendment is only possible before the deadline, so the latest submission decides."""
    due = deadline(monday)
    if report is not None:
        return WeeklyStatus.ON_TIME if report.submitted_at < due else WeeklyStatus.LATE
    return WeeklyStatus.MISSING if (now or timezone.now()) >= due else WeeklyStatus.OPEN


def county_overview(
    monday: date, now: datetime | None = None, with_progress: bool = False, county_id: int | None = None
) -> list[dict[str, Any]]:
    """Every reporting unit of the county `county_id` (of every county when None: a
    database of one county, the commands) for the week: its report (if any), status, and
    the figures — as submitted, or computed now for a unit that has not reported (item 2's
    text too when asked). Fixed queries."""
    units = list(reporting_units(county_id))
    reports = {
        r.unit_id: r
        for r in WeeklyReport.objects.filter(week_start=monday, unit__in=[u.pk for u in units])
        .select_related("submitted_by")
        .annotate(version_count=Count("versions"))
    }
    live = all_unit_figures(units, monday, many=progress_many_provider() if with_progress else None)
    rows = []
    for unit in units:
        report = reports.get(unit.pk)
        status = report_status(report, monday, now)
        rows.append(
            {
                "unit": unit,
                "report": report,
                "status": status,
                "status_label": status.label,
                "figures": report.figures if report else live[unit.pk],
            }
        )
    return rows


def weekly_remind(
    *, by: User, units: list[Unit], monday: date | None = None, now: datetime | None = None
) -> list[Unit]:
    """Remind the given reporting units that have not submitted the week's report (二十二:
    每周四16:00前报送): one WeeklyReminder row each. A unit that has submitted meanwhile is
    left out. Returns the units reminded."""
    if not can_remind_weekly(by):
        raise PermissionDenied("只有县乡村振兴局和县领导小组办公室可以提醒未报送的单位。")
    now = now or timezone.now()
    monday = monday or week_start(timezone.localtime(now).date())
    submitted = set(WeeklyReport.objects.filter(week_start=monday, unit__in=units).values_list("unit_id", flat=True))
    reporting = set(reporting_units(county_id_of(by)).filter(pk__in=[u.pk for u in units]).values_list("pk", flat=True))
    reminded = [u for u in units if u.pk in reporting and u.pk not in submitted]
    WeeklyReminder.objects.bulk_create(
        WeeklyReminder(unit=u, week_start=monday, sent_by=by, sent_at=now) for u in reminded
    )
    # each reminded unit's staff are told, as by the schedule's Thursday-morning reminder
    due = deadline(monday)
    late = now > due
    kind = NotificationKind.WEEKLY_LATE if late else NotificationKind.WEEKLY_DUE
    state = "已逾期，请尽快报送" if late else f"请于{due:%m月%d日%H:%M}前报送"
    text = (
        f"{by.unit.name if by.unit else '县里'}提醒：本单位{monday:%m月%d日}这一周的周调度尚未报送，{state}（二十二）。"
    )
    for unit in reminded:
        notify(users=unit_staff(unit.pk), kind=kind, text=text, url=reverse("weekly_report"), by=by)
    return reminded


def last_reminders(monday: date) -> dict[int, WeeklyReminder]:
    """The latest reminder of each unit for the week (one query)."""
    latest: dict[int, WeeklyReminder] = {}
    for r in WeeklyReminder.objects.filter(week_start=monday).select_related("sent_by").order_by("sent_at"):
        latest[r.unit_id] = r
    return latest
