"""Which actions a user may take on an application now (for showing buttons only; the
services check again). Derived from the transition table (approvals.route.TRANSITIONS)."""

from typing import Any

from approvals.choices import IN_EFFECT, Act
from approvals.models import Application
from approvals.route import allowed, step_for

# The actions with a button or a form on the application's page.
PAGE_ACTIONS = (
    Act.UPDATE,
    Act.FILE,
    Act.WITHDRAW,
    Act.AGREE,
    Act.RETURN,
    Act.DOCUMENT,
    Act.REVITALISATION_PLAN,
    Act.JOINT_REVIEW,
    Act.PROGRESS,
    Act.COMPLETE,
    Act.EVALUATE,
    Act.RECLASSIFY,
    Act.FILE_RECORD,
    Act.RECORD,
    Act.FILE_EXIT,
)


def available_actions(user: Any, app: Application) -> set[str]:
    actions: set[str] = {action for action in PAGE_ACTIONS if allowed(user, action, app)}
    step = step_for(app)
    if Act.AGREE in actions and step is not None and step.party_meeting:
        actions.add("party_meeting")
    if app.status in IN_EFFECT:
        actions.add("in_effect")
    return actions
