"""A plausible 2027 schedule for the tests (the real one is published late in 2026):
元旦 Jan 1–3; 国庆 Oct 1–7 with make-up working days Sun Sep 26 and Sat Oct 9."""

import datetime as dt

from approvals.models import Holiday

REST = [dt.date(2027, 1, d) for d in (1, 2, 3)] + [dt.date(2027, 10, d) for d in range(1, 8)]
MAKE_UP = [dt.date(2027, 9, 26), dt.date(2027, 10, 9)]


def enter_2027(only: list[dt.date] | None = None) -> None:
    """Enter the schedule's rows (all of them, or only the given dates), not marking the year."""
    for day in REST + MAKE_UP:
        if only is None or day in only:
            note = "元旦" if day.month == 1 else "国庆节"
            Holiday.objects.create(date=day, is_workday=day in MAKE_UP, note=note)
