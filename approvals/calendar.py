"""The working-day rule of the notice's "公告5个工作日以上" (十四; docs/decisions.md D9), in
one function: `add_workdays`.

A year's rest days are *known* only when the installed `chinese_calendar` package covers
the year (1.11.0: 2004–2026) or an administrator has entered that year's whole schedule
(holidays and make-up working days) in the Holiday table and marked the year complete
(HolidayYear). The Holiday table overrides the package for any date of a known year; rows
of a year not marked complete are kept but not used, so a stray row never makes a year
known. Counting that reaches a day of an unknown year stops there: the result has no end
date (`end is None`) and names the year, and callers show "公示截止日待确认" until the year
is entered. Five working days that end before the unknown year begins are not affected.
"""

import datetime as dt
from dataclasses import dataclass

import chinese_calendar
from django.utils import timezone

from approvals.models import Holiday, HolidayYear

NOTICE_WORKDAYS = 5  # "公示不少于5个工作日"
REMINDER_MONTH = 11  # from 1 November the bureau is reminded to enter next year's schedule


@dataclass(frozen=True)
class WorkdayResult:
    end: dt.date | None  # None while the count runs into a year whose rest days are unknown
    pending_year: int | None = None  # that year

    @property
    def confirmed(self) -> bool:
        return self.end is not None

    @property
    def warning(self) -> str:
        if self.pending_year is None:
            return ""
        return pending_text(self.pending_year)


def pending_text(year: int) -> str:
    return f"公示截止日待确认：{year}年节假日安排尚未录入"


def package_knows(year: int) -> bool:
    """Whether the installed chinese_calendar covers the year."""
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


@dataclass(frozen=True)
class Table:
    """The administrator's entries between two dates (date -> is a working day) and the
    years marked complete."""

    overrides: dict[dt.date, bool]
    complete_years: frozenset[int]


def complete_years() -> frozenset[int]:
    return frozenset(HolidayYear.objects.filter(complete=True).values_list("year", flat=True))


def holiday_table(start: dt.date, end: dt.date) -> Table:
    """The table's entries between the dates, and the years marked complete (two queries)."""
    entries = dict(Holiday.objects.filter(date__gt=start, date__lte=end).values_list("date", "is_workday"))
    return Table(entries, complete_years())


def year_known(year: int, complete: frozenset[int] | None = None) -> bool:
    """Whether the year's rest days are known: the package covers it or it is complete."""
    if package_knows(year):
        return True
    return year in (complete_years() if complete is None else complete)


def workday(day: dt.date, table: Table, known: dict[int, bool] | None = None) -> bool | None:
    """Whether `day` is a working day; None when its year's rest days are not known."""
    known = {} if known is None else known
    if day.year not in known:
        known[day.year] = year_known(day.year, table.complete_years)
    if not known[day.year]:
        return None
    if day in table.overrides:
        return table.overrides[day]
    if package_knows(day.year):
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5  # a complete year: the table holds every holiday and make-up day


def add_workdays(start: dt.date, days: int, table: Table | None = None) -> WorkdayResult:
    """The day on which the `days`-th working day after `start` falls (`start` itself is not
    counted: 期间自次日起算), or no day when the count reaches a year not known. `table` is
    read from the Holiday tables by default."""
    if table is None:
        # a generous window: five working days never span more than a month, even over 春节
        table = holiday_table(start, start + dt.timedelta(days=days * 7 + 30))
    known: dict[int, bool] = {}
    day, counted = start, 0
    while counted < days:
        day += dt.timedelta(days=1)
        work = workday(day, table, known)
        if work is None:
            return WorkdayResult(end=None, pending_year=day.year)
        if work:
            counted += 1
    return WorkdayResult(end=day)


def notice_end(counts_from: dt.date) -> WorkdayResult:
    """The earliest end date of a notice counted from `counts_from` (the later posting)."""
    return add_workdays(counts_from, NOTICE_WORKDAYS)


def reminder_year(today: dt.date | None = None) -> int | None:
    """The year whose schedule the bureau should enter now: this year while it is not
    known, and from 1 November next year until it is; None otherwise."""
    today = today or timezone.localdate()
    complete = complete_years()
    if not year_known(today.year, complete):
        return today.year
    if today.month >= REMINDER_MONTH and not year_known(today.year + 1, complete):
        return today.year + 1
    return None
