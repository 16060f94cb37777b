"""The dates of the demo applications, relative to the day the demo is seeded, every one
on a working day (approvals.calendar): the older batch decided about nine weeks ago, its
notice ended and the classes in effect; the recent batch decided last week."""

import datetime as dt
from dataclasses import dataclass

from approvals.calendar import NOTICE_WORKDAYS, holiday_table, workday, year_known


class _Workdays:
    """Working-day steps on one read of the Holiday tables (approvals.calendar's rule). A
    demo date in a year whose holidays are not entered yet counts weekdays only: the demo
    needs dates, and its notices' own ends are computed by the rule (pending there)."""

    def __init__(self, today: dt.date):
        self.table = holiday_table(today - dt.timedelta(days=160), today + dt.timedelta(days=60))
        self.known: dict[int, bool] = {}
        self.workday: dict[dt.date, bool] = {}  # each day asked once

    def is_workday(self, day: dt.date) -> bool:
        if day not in self.workday:
            work = workday(day, self.table, self.known)
            self.workday[day] = day.weekday() < 5 if work is None else work
        return self.workday[day]

    def after(self, day: dt.date, n: int) -> dt.date:
        for _ in range(n):
            day += dt.timedelta(days=1)
            while not self.is_workday(day):
                day += dt.timedelta(days=1)
        return day

    def on_or_before(self, day: dt.date) -> dt.date:
        while not self.is_workday(day):
            day -= dt.timedelta(days=1)
        return day

    def before(self, day: dt.date, n: int) -> dt.date:
        for _ in range(n):
            day = self.on_or_before(day - dt.timedelta(days=1))
        return day


@dataclass(frozen=True)
class Timeline:
    """The dates of the demo, relative to `today`; every one falls on a working day."""

    today: dt.date
    party_a: dt.date  # the township party committee on the older batch
    county_a: dt.date  # the county meeting that decided it
    notice_a: dt.date  # its notice, posted the next working day
    objection_a: dt.date
    effective_a: dt.date  # the working day after the notice ended
    party_b: dt.date  # the recent batch
    county_b: dt.date
    notice_b: dt.date
    progress: dict  # slot -> [(date, percent)]
    completed_on: dt.date


def _anchor(today: dt.date) -> dt.date:
    """The day the demo's story ends on: today, or, while this year's holidays are not
    entered, the last day of the latest year that is known, so that the older batch's notice
    runs and ends on known working days (D9) and its classes can take effect."""
    year = today.year
    while not year_known(year) and year > 2004:
        year -= 1
    return today if year == today.year else dt.date(year, 12, 31)


def timeline(today: dt.date) -> Timeline:
    today = _anchor(today)
    w = _Workdays(today)
    county_a = w.on_or_before(today - dt.timedelta(days=63))
    notice_a = w.after(county_a, 1)
    effective_a = w.after(notice_a, NOTICE_WORKDAYS + 1)
    county_b = w.before(today, 6)

    def eff(days: int) -> dt.date:
        return w.on_or_before(effective_a + dt.timedelta(days=days))

    return Timeline(
        today=today,
        party_a=w.before(county_a, 5),
        county_a=county_a,
        notice_a=notice_a,
        objection_a=w.after(notice_a, 2),
        effective_a=effective_a,
        party_b=w.before(county_b, 5),
        county_b=county_b,
        notice_b=w.before(today, 2),
        progress={
            "effective": [(eff(7), 30), (eff(21), 55), (w.before(today, 3), 70)],
            "effective2": [(eff(10), 40), (w.before(today, 8), 65)],
            "completed": [(eff(6), 50), (eff(27), 100)],
            "overdue": [(eff(3), 20)],  # nothing since: more than 30 days ago
            "refiled": [(eff(5), 60), (eff(20), 100)],  # done, evaluated, re-classified by filing
        },
        completed_on=w.after(eff(27), 1),
    )
