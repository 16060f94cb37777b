"""The approvals' tasks on the queue (django-q2): each one a thin call of a service."""

from datetime import date

from django.utils import timezone

from approvals.services import close_due_notices, reminders


def close_notices() -> str:
    """Run daily by the schedule (pengshui setup_schedules): end the notices whose five
    working days are over with no objection open, so their class takes effect (十四)."""
    return f"{len(close_due_notices())} notices closed"


def round_reminders(today: date | None = None) -> str:
    """Run daily by the schedule: remind of the round's dates three working days ahead."""
    today = today or timezone.localdate()
    return f"{len(reminders.round_reminders(today))} reminders"
