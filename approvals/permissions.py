"""Which actions a user may take on an application now (for showing buttons only; the
services check again). Derived from the transition table (approvals.route.TRANSITIONS)."""

from typing import Any

from approvals.choices import IN_EFFECT
from approvals.models import Application
from approvals.route import allowed, step_for

# The actions with a button or a form on the application's page.
PAGE_ACTIONS = (
    "update",
    "file",
    "withdraw",
    "agree",
    "return",
    "document",
    "revitalisation_plan",
    "joint_review",
    "progress",
    "complete",
    "evaluate",
    "reclassify",
)


def available_actions(user: Any, app: Application) -> set[str]:
    actions = {action for action in PAGE_ACTIONS if allowed(user, action, app)}
    step = step_for(app)
    if "agree" in actions and step is not None and step.party_meeting:
        actions.add("party_meeting")
    if app.status in IN_EFFECT:
        actions.add("in_effect")
    return actions
