"""The working-day rule of the notice's "公告5个工作日以上" (十四; docs/decisions.md D9), in
one function: `add_workdays`.

China's official calendar comes from the installed `chinese_calendar` package; the
administrator's Holiday table overrides it for any date and covers the years the package
does not know. A year is confirmed when the package knows it or the table has at least
one entry in it; for an unconfirmed year only weekends are rest days, and callers show a
warning until the table covers that year. The rule never fails on a date.
"""

import datetime as dt
from dataclasses import dataclass

import chinese_calendar

from approvals.models import Holiday

NOTICE_WORKDAYS = 5  # "公示不少于5个工作日"


@dataclass(frozen=True)
class WorkdayResult:
    end: dt.date
    unconfirmed_years: tuple[int, ...]  # years crossed whose calendar is not confirmed

    @property
    def confirmed(self) -> bool:
        return not self.unconfirmed_years

    @property
    def warning(self) -> str:
        if self.confirmed:
            return ""
        years = "、".join(str(y) for y in self.unconfirmed_years)
        return (
            f"{years}年的法定节假日安排尚未录入，暂按周末计算工作日；请系统管理员在“节假日调整”中补录后再核对截止日期。"
        )


def _package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def holiday_table(start: dt.date, end: dt.date) -> tuple[dict[dt.date, bool], set[int]]:
    """The table's entries between the dates, and every year the table has entries for
    (two queries)."""
    entries = dict(Holiday.objects.filter(date__gt=start, date__lte=end).values_list("date", "is_workday"))
    years = {d.year for d in Holiday.objects.dates("date", "year")}
    return entries, years


def add_workdays(start: dt.date, days: int, table: tuple[dict[dt.date, bool], set[int]] | None = None) -> WorkdayResult:
    """The day on which the `days`-th working day after `start` falls (`start` itself is not
    counted: 期间自次日起算). `table` is (date -> is working day, years covered); by default
    it is read from the Holiday table."""
    if table is None:
        # a generous window: five working days never span more than a month, even over 春节
        table = holiday_table(start, start + dt.timedelta(days=days * 7 + 30))
    overrides, table_years = table
    known: dict[int, bool] = {}
    unconfirmed: list[int] = []
    day, counted = start, 0
    while counted < days:
        day += dt.timedelta(days=1)
        if day in overrides:
            work = overrides[day]
        else:
            if day.year not in known:
                known[day.year] = _package_knows(day.year)
            if known[day.year]:
                work = chinese_calendar.is_workday(day)
            else:
                work = day.weekday() < 5
                if day.year not in table_years and day.year not in unconfirmed:
                    unconfirmed.append(day.year)
        if work:
            counted += 1
    return WorkdayResult(end=day, unconfirmed_years=tuple(unconfirmed))


def notice_end(posted_on: dt.date) -> WorkdayResult:
    """The earliest end date of a notice posted on `posted_on`."""
    return add_workdays(posted_on, NOTICE_WORKDAYS)
