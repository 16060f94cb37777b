"""Which actions a user may take on an application now (for showing buttons only; the
services check again)."""

from approvals.choices import IN_EFFECT, REVIEWING, UNDECIDED, Status
from approvals.route import acts_as, is_preparer, step_for
from ledger.choices import Classification, Role


def available_actions(user, app) -> set[str]:
    actions: set[str] = set()
    preparer = is_preparer(user, app)
    step = step_for(app)
    if preparer and app.status == Status.PREPARING:
        actions |= {"update", "file"}
    if preparer and app.status in UNDECIDED:
        actions.add("withdraw")
    if step is not None and app.status != Status.COUNTY and acts_as(user, step.actor, app):
        actions |= {"agree", "return"}
        if step.party_meeting:
            actions.add("party_meeting")
    if (preparer or user.role == Role.OFFICE) and app.status not in (Status.WITHDRAWN,):
        actions.add("document")
    if preparer and app.status in UNDECIDED and app.classification == Classification.REVITALISE:
        actions.add("revitalisation_plan")
    if (
        user.role == Role.REVIEWER
        and app.classification == Classification.REBUILD
        and app.status in (Status.PREPARING, *REVIEWING)
    ):
        actions.add("joint_review")
    if preparer and app.status == Status.EFFECTIVE:
        actions |= {"progress", "complete"}
    if preparer and app.status == Status.COMPLETED:
        actions.add("evaluate")
    if preparer and app.status == Status.EVALUATED:
        actions.add("reclassify")
    if app.status in IN_EFFECT:
        actions.add("in_effect")
    return actions
