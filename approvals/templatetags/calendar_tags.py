from typing import Any

from django import template

from approvals.calendar import reminder_year
from ledger import access

register = template.Library()


@register.inclusion_tag("approvals/_calendar_reminder.html", takes_context=True)
def calendar_reminder(context: template.Context) -> dict[str, Any]:
    """The home page's reminder to the bureau and the administrator (D9): from 1 November
    until next year's holidays are known (and whenever this year's are not)."""
    user = context["request"].user
    return {"year": reminder_year() if access.maintains_calendar(user) else None}
