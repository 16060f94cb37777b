"""Reminders of the weekly dispatch (二十二: 每周四16:00前报送), run daily on the queue's
schedule (ledger.tasks.weekly_reminders): on Thursday morning every reporting unit that has
not sent this week's report is told it is due; on Friday, one that still has not is told it
is late. Running again the same day adds nothing (one key per unit, kind and day)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from ledger.access import unit_staff
from ledger.models import Notification, NotificationKind
from ledger.models.weekly import WeeklyReport
from ledger.notifications import notify
from ledger.weekly.figures import DEADLINE_WEEKDAY, deadline, reporting_units, week_start

THURSDAY, FRIDAY = DEADLINE_WEEKDAY, DEADLINE_WEEKDAY + 1


def weekly_reminders(today: date) -> list[Notification]:
    """Thursday: this week's report is due today; Friday: it is late. Other days nothing."""
    if today.weekday() not in (THURSDAY, FRIDAY):
        return []
    monday = week_start(today)
    due = deadline(monday)
    sent = set(WeeklyReport.objects.filter(week_start=monday).values_list("unit_id", flat=True))
    late = today.weekday() == FRIDAY
    kind = NotificationKind.WEEKLY_LATE if late else NotificationKind.WEEKLY_DUE
    if late:
        text = f"本单位{monday:%m月%d日}这一周的周调度未在{due:%m月%d日%H:%M}前报送，已逾期，请尽快报送。"
    else:
        text = f"本周周调度请于今天（{due:%m月%d日}）{due:%H:%M}前报送（二十二）。"
    url = reverse("weekly_report")
    created: list[Notification] = []
    for unit in reporting_units().exclude(pk__in=sent):
        created += notify(
            users=unit_staff(unit.pk), kind=kind, text=text, url=url, key=f"{kind}:{unit.pk}:{today:%Y-%m-%d}"
        )
    return created
