"""The working-day calendar's holidays (D9): the bureau or the system administrator enters a
year's schedule and marks the year complete; every change of a known year recomputes the
end of each open notice (approvals.services.notices.notice_ends_recompute)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from approvals.calendar import package_knows
from approvals.models import Holiday, HolidayYear, Notice
from approvals.services.common import deny
from approvals.services.notices import notice_ends_recompute
from ledger import access
from ledger.models import User


def _check(by: User) -> None:
    if not access.maintains_calendar(by):
        deny("只有县乡村振兴局或系统管理员才能维护节假日安排。")


def completion_problem(year: int) -> str:
    """Why `year` cannot be marked complete, or ""."""
    if package_knows(year):
        return f"{year}年的节假日安排已由系统内置日历提供，无需标记。"
    if not Holiday.objects.filter(date__year=year, is_workday=False).exists():
        return f"尚未录入{year}年的放假日期，请先按国务院办公厅通知录入全部放假日期和调休上班日期。"
    return ""


@transaction.atomic
def holiday_year_complete(*, by: User, year: int) -> list[Notice]:
    """Mark `year`'s schedule complete: from now its rest days are known, and the open
    notices that were waiting for it get their end dates. Returns the notices changed."""
    _check(by)
    why = completion_problem(year)
    if why:
        raise ValidationError(why)
    row, _ = HolidayYear.objects.select_for_update().get_or_create(year=year)
    if not row.complete:
        row.complete, row.completed_by, row.completed_at = True, by, timezone.now()
        row._history_user = by  # type: ignore[attr-defined]
        row.save()
    return notice_ends_recompute(by=by, reason=f"{year}年节假日安排已完整录入，重新计算公示截止日期")


@transaction.atomic
def holiday_year_reopen(*, by: User, year: int) -> list[Notice]:
    """Take back the mark (the schedule was found incomplete or wrong): the open notices
    running into the year are pending again."""
    _check(by)
    row = HolidayYear.objects.select_for_update().filter(year=year).first()
    if row is not None and row.complete:
        row.complete, row.completed_by, row.completed_at = False, None, None
        row._history_user = by  # type: ignore[attr-defined]
        row.save()
    return notice_ends_recompute(by=by, reason=f"{year}年节假日安排撤销完整标记，重新计算公示截止日期")


@transaction.atomic
def holiday_save(*, by: User, holiday: Holiday, old_date: dt.date | None = None) -> list[Notice]:
    """Save one entry (new or changed) and recompute the open notices' ends: an entry of a
    known year changes the count at once; one of a year not yet complete waits for it."""
    _check(by)
    holiday._history_user = by  # type: ignore[attr-defined]
    holiday.save()
    years = {holiday.date.year} | ({old_date.year} if old_date else set())
    reason = f"{'、'.join(map(str, sorted(years)))}年节假日调整，重新计算公示截止日期"
    return notice_ends_recompute(by=by, reason=reason)


@transaction.atomic
def holiday_delete(*, by: User, holiday: Holiday) -> list[Notice]:
    _check(by)
    year = holiday.date.year
    holiday._history_user = by  # type: ignore[attr-defined]
    holiday.delete()
    reason = f"{year}年节假日调整（删除{holiday.date:%Y-%m-%d}），重新计算公示截止日期"
    return notice_ends_recompute(by=by, reason=reason)
