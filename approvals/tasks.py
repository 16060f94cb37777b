"""The approvals' tasks on the queue (django-q2): each one a thin call of a service."""

from approvals.services import close_due_notices


def close_notices() -> str:
    """Run daily by the schedule (pengshui setup_schedules): end the notices whose five
    working days are over with no objection open, so their class takes effect (十四)."""
    return f"{len(close_due_notices())} notices closed"
