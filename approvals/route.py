"""The route of an application (FORMS.md §2.5, §3), in one table.

Who prepares and submits, by managing level (主管层级):

* village-level (村本级, 附件1): prepared by the township with the village (either may
  file); village committee opinion → township opinion, given after the township party
  committee's decision, which submits it → county leading group.
* township-level (附件2): prepared by the township; village committee opinion (when the
  project lies in a village) → township opinion after its party committee → county.
* department-level (附件3): prepared by the managing department; village committee
  opinion → township opinion → the department submits after its party group's decision →
  county.

The county leading group decides at a meeting, several applications at once
(approvals.services.decisions.county_decide). A reviewer at any step may agree or return
(退回) to the preparer; the preparer may withdraw before the decision.
"""

from dataclasses import dataclass

from django.db.models import Q

from approvals.choices import OpinionStep, Status
from ledger.choices import ManagingLevel, Role


@dataclass(frozen=True)
class Step:
    status: str  # the application waits in this state for this step
    opinion: str  # the opinion box it fills (OpinionStep)
    actor: str  # who acts: "village", "township", "department" or "office" (see acts_as)
    party_meeting: bool = False  # the unit's party-committee decision is required
    seal: bool = True  # the sealed page must be uploaded when agreeing
    skip_without_village: bool = False


VILLAGE_OPINION = Step(Status.VILLAGE, OpinionStep.VILLAGE, "village", skip_without_village=True)
TOWNSHIP_SUBMIT = Step(Status.TOWNSHIP, OpinionStep.TOWNSHIP, "township", party_meeting=True)
TOWNSHIP_OPINION = Step(Status.TOWNSHIP, OpinionStep.TOWNSHIP, "township")
DEPARTMENT_SUBMIT = Step(Status.DEPARTMENT, OpinionStep.DEPARTMENT, "department", party_meeting=True)
COUNTY_DECISION = Step(Status.COUNTY, OpinionStep.COUNTY, "office", seal=False)

ROUTE: dict[str, tuple[Step, ...]] = {
    ManagingLevel.VILLAGE: (VILLAGE_OPINION, TOWNSHIP_SUBMIT, COUNTY_DECISION),
    ManagingLevel.TOWNSHIP: (VILLAGE_OPINION, TOWNSHIP_SUBMIT, COUNTY_DECISION),
    ManagingLevel.DEPARTMENT: (VILLAGE_OPINION, TOWNSHIP_OPINION, DEPARTMENT_SUBMIT, COUNTY_DECISION),
}

# Who prepares, files, withdraws, posts the notice and reports disposal, by managing level.
PREPARERS: dict[str, tuple[str, ...]] = {
    ManagingLevel.VILLAGE: ("township", "village"),
    ManagingLevel.TOWNSHIP: ("township",),
    ManagingLevel.DEPARTMENT: ("department",),
}
# The unit that submits to the county, receives the decision letter and posts the notice.
SUBMITTER: dict[str, str] = {
    ManagingLevel.VILLAGE: "township",
    ManagingLevel.TOWNSHIP: "township",
    ManagingLevel.DEPARTMENT: "department",
}

ACTOR_ROLE = {"village": Role.VILLAGE, "township": Role.TOWNSHIP, "department": Role.DEPARTMENT, "office": Role.OFFICE}
ACTOR_LABEL = {
    "village": "项目所在村(居)委会",
    "township": "项目所在乡镇(街道)",
    "department": "主管部门",
    "office": "县领导小组办公室",
}


def steps(application) -> tuple[Step, ...]:
    """The steps this application goes through, in order."""
    return tuple(
        s for s in ROUTE[application.managing_level] if not (s.skip_without_village and application.village_id is None)
    )


def step_for(application) -> Step | None:
    """The step the application waits at, or None when it is not under review."""
    for s in steps(application):
        if s.status == application.status:
            return s
    return None


def first_status(application) -> str:
    return steps(application)[0].status


def next_status(application) -> str:
    """Where the application goes when the current reviewer agrees."""
    route = steps(application)
    for i, s in enumerate(route):
        if s.status == application.status:
            return route[i + 1].status
    raise ValueError(f"not under review: {application.status}")


def acts_as(user, actor: str, application) -> bool:
    """Whether `user` acts for `actor` on this application: the right role, and the unit of
    the project's village, its township, its managing department, or the county office."""
    if not user.is_authenticated or not user.is_active or user.role != ACTOR_ROLE[actor] or user.unit_id is None:
        return False
    if actor == "village":
        return application.village_id is not None and user.unit.division_id == application.village_id
    if actor == "township":
        return user.unit.division_id == application.township_id
    if actor == "department":
        return user.unit_id == application.managing_unit_id
    return True  # office: county-wide


def is_preparer(user, application) -> bool:
    return any(acts_as(user, actor, application) for actor in PREPARERS[application.managing_level])


def _actor_q(user, actor: str) -> Q:
    """acts_as as a queryset filter on applications (for inboxes)."""
    if not user.is_authenticated or user.role != ACTOR_ROLE[actor] or user.unit_id is None:
        return Q(pk__in=[])
    if actor == "village":
        return Q(village_id=user.unit.division_id)
    if actor == "township":
        return Q(township_id=user.unit.division_id)
    if actor == "department":
        return Q(managing_unit_id=user.unit_id)
    return Q()


def awaiting_q(user) -> Q:
    """Applications waiting at a review step (before the county) for `user`."""
    q = Q(pk__in=[])
    for level, route in ROUTE.items():
        for s in route:
            if s.actor != "office":
                q |= Q(managing_level=level, status=s.status) & _actor_q(user, s.actor)
    return q


def preparer_q(user) -> Q:
    q = Q(pk__in=[])
    for level, actors in PREPARERS.items():
        for actor in actors:
            q |= Q(managing_level=level) & _actor_q(user, actor)
    return q
