"""Submitting the weekly report, and whether it came in before the Thursday deadline."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ledger.access import can_submit_weekly
from ledger.choices import WeeklyStatus
from ledger.models import Unit, User
from ledger.models.weekly import WeeklyReport
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


@transaction.atomic
def weekly_submit(
    *, unit: Unit, monday: date, by: User, other_progress: str, now: datetime | None = None
) -> WeeklyReport:
    """Submit the unit's report for the week: items 1–3 are computed now and kept as
    submitted; item 4 is the unit's own text. A week is reported once."""
    now = now or timezone.now()
    if not can_submit(by, unit):
        raise PermissionDenied("只能由本乡镇(街道)或行业部门的用户报送本单位的周调度。")
    if monday != week_start(monday):
        raise ValidationError("周调度按周报送，日期须为周一。")
    if monday > week_start(timezone.localtime(now).date()):
        raise ValidationError("不能报送以后的周。")
    Unit.objects.select_for_update().get(pk=unit.pk)
    if WeeklyReport.objects.filter(unit=unit, week_start=monday).exists():
        raise ValidationError("本周的周调度已报送，不能重复报送。")
    try:
        with transaction.atomic():
            return WeeklyReport.objects.create(
                unit=unit,
                week_start=monday,
                figures=unit_figures(unit, monday),
                other_progress=other_progress.strip(),
                submitted_by=by,
                submitted_at=now,
            )
    except IntegrityError:
        raise ValidationError("本周的周调度已报送，不能重复报送。") from None


def report_status(report: WeeklyReport | None, monday: date, now: datetime | None = None) -> WeeklyStatus:
    """按时 when submitted before Thursday 16:00 Asia/Shanghai; 逾期 after; not yet."""
    due = deadline(monday)
    if report is not None:
        return WeeklyStatus.ON_TIME if report.submitted_at < due else WeeklyStatus.LATE
    return WeeklyStatus.MISSING if (now or timezone.now()) >= due else WeeklyStatus.OPEN


def county_overview(monday: date, now: datetime | None = None, with_progress: bool = False) -> list[dict[str, Any]]:
    """Every reporting unit for the week: its report (if any), status, and the figures —
    as submitted, or computed now for a unit that has not reported (item 2's text too
    when asked). Fixed queries."""
    units = list(reporting_units())
    reports = {r.unit_id: r for r in WeeklyReport.objects.filter(week_start=monday).select_related("submitted_by")}
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
