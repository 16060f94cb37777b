"""Reminders of a round's dates (时间安排, 十六–二十), run daily on the queue's schedule
(approvals.tasks.round_reminders): three working days before each date of this year's
round, the units that must meet it are told once. Working days are counted by
approvals.calendar; while a year's rest days are not known nothing is sent (no guess, D9)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from approvals.calendar import add_workdays, holiday_table, workday
from approvals.models import Round
from approvals.services.rounds import DATE_FIELDS, DATE_LABELS
from ledger import access
from ledger.models import Notification, NotificationKind
from ledger.notifications import notify

REMIND_WORKDAYS = 3

# Each date of a round, and who is reminded of it: the townships and departments run the
# work in their area; the office prepares the county leading group's decision (十四).
ROUND_DATES: tuple[tuple[str, str], ...] = tuple(
    (field, "office" if field == "approve_by" else "units") for field in DATE_FIELDS
)


def due_for_reminder(deadline: dt.date, today: dt.date) -> bool | None:
    """Whether today, a working day, is the one three working days before `deadline`: the
    deadline falls after the second working day from today and by the third (so a deadline
    on a rest day is reminded of once too). None when a year's rest days are not known."""
    table = holiday_table(today - dt.timedelta(days=1), today + dt.timedelta(days=60))
    is_workday = workday(today, table)
    if is_workday is None:
        return None
    if not is_workday:
        return False
    third = add_workdays(today, REMIND_WORKDAYS, table).end
    second = add_workdays(today, REMIND_WORKDAYS - 1, table).end
    if third is None or second is None:
        return None
    return second < deadline <= third


def round_reminders(today: dt.date) -> list[Notification]:
    """Remind of this year's round's dates due in three working days, each county's round
    its own county's staff; running again the same day adds nothing."""
    created: list[Notification] = []
    for round_ in Round.objects.filter(year=today.year).order_by("county_id"):
        created += _round_reminders(round_, today)
    return created


def _round_reminders(round_: Round, today: dt.date) -> list[Notification]:
    url = reverse("approvals:timetable")
    created: list[Notification] = []
    for field, audience in ROUND_DATES:
        deadline: dt.date | None = getattr(round_, field)
        if deadline is None or deadline <= today or not due_for_reminder(deadline, today):
            continue
        label = DATE_LABELS[field]
        users = access.office_staff(round_.county_id) if audience == "office" else access.filing_staff(round_.county_id)
        created += notify(
            users=users,
            kind=NotificationKind.ROUND_DEADLINE,
            text=f"{round_.name}：“{label}”的时间节点为{deadline:%Y年%m月%d日}，还有{REMIND_WORKDAYS}个工作日，请抓紧办理。",
            url=url,
            key=f"{NotificationKind.ROUND_DEADLINE}:{round_.year}:{field}:{today:%Y-%m-%d}",
        )
    return created
