"""The route of an application and the table of its transitions (十二–十五; the opinion
boxes of 附件1–3), in one module.

Who prepares and submits, by managing level (主管层级):

* village-level (村本级, 附件1): prepared by the township with the village (either may
  file, 十二); village committee opinion → township opinion, given after the township
  party committee's decision (十三), which submits it → county leading group (十四).
* township-level (附件2): prepared by the township; village committee opinion (when the
  project lies in a village) → township opinion after its party committee → county.
* department-level (附件3): prepared by the managing department; village committee
  opinion → township opinion → the department submits after its party group's decision →
  county.

The county leading group decides at a meeting, several applications at once
(approvals.services.decisions.county_decide). A reviewer at any step may agree or return
(退回) to the preparer; the preparer may withdraw before the decision.

`TRANSITIONS` names every action on an application: the states it may be taken from, who
may take it and the state it leads to. The services check the state against it
(approvals.services.common.check_state), the buttons of a page are derived from it
(approvals.permissions.available_actions), and so is whether a new round may start.
Who acts for a unit is asked of `ledger.access` (`acts_for`); nothing here reads a role.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Q

from approvals.choices import (
    DECIDED,
    EXITED,
    IN_EFFECT,
    REVIEWING,
    UNDECIDED,
    Act,
    Actor,
    ApplicationKind,
    OpinionStep,
    Party,
    Status,
)
from approvals.models import Application
from ledger import access
from ledger.choices import Classification, ManagingLevel, Role
from ledger.models import Project


@dataclass(frozen=True)
class Step:
    status: str  # the application waits in this state for this step
    opinion: str  # the opinion box it fills (OpinionStep)
    actor: Actor  # who acts (see acts_as)
    party_meeting: bool = False  # the unit's party-committee decision is required (十三)
    seal: bool = True  # the sealed page must be uploaded when agreeing
    skip_without_village: bool = False


VILLAGE_OPINION = Step(Status.VILLAGE, OpinionStep.VILLAGE, Actor.VILLAGE, skip_without_village=True)
TOWNSHIP_SUBMIT = Step(Status.TOWNSHIP, OpinionStep.TOWNSHIP, Actor.TOWNSHIP, party_meeting=True)
TOWNSHIP_OPINION = Step(Status.TOWNSHIP, OpinionStep.TOWNSHIP, Actor.TOWNSHIP)
DEPARTMENT_SUBMIT = Step(Status.DEPARTMENT, OpinionStep.DEPARTMENT, Actor.DEPARTMENT, party_meeting=True)
COUNTY_DECISION = Step(Status.COUNTY, OpinionStep.COUNTY, Actor.OFFICE, seal=False)

ROUTE: dict[str, tuple[Step, ...]] = {
    ManagingLevel.VILLAGE: (VILLAGE_OPINION, TOWNSHIP_SUBMIT, COUNTY_DECISION),
    ManagingLevel.TOWNSHIP: (VILLAGE_OPINION, TOWNSHIP_SUBMIT, COUNTY_DECISION),
    ManagingLevel.DEPARTMENT: (VILLAGE_OPINION, TOWNSHIP_OPINION, DEPARTMENT_SUBMIT, COUNTY_DECISION),
}

# Who prepares, files, withdraws, posts the notice and reports disposal, by managing level.
PREPARERS: dict[str, tuple[Actor, ...]] = {
    ManagingLevel.VILLAGE: (Actor.TOWNSHIP, Actor.VILLAGE),
    ManagingLevel.TOWNSHIP: (Actor.TOWNSHIP,),
    ManagingLevel.DEPARTMENT: (Actor.DEPARTMENT,),
}
# The unit that submits to the county, receives the decision letter and posts the notice.
SUBMITTER: dict[str, Actor] = {
    ManagingLevel.VILLAGE: Actor.TOWNSHIP,
    ManagingLevel.TOWNSHIP: Actor.TOWNSHIP,
    ManagingLevel.DEPARTMENT: Actor.DEPARTMENT,
}

# The role in which a user acts for each actor (asked of ledger.access.acts_for).
ACTOR_ROLE: dict[str, str] = {
    Actor.VILLAGE: Role.VILLAGE,
    Actor.TOWNSHIP: Role.TOWNSHIP,
    Actor.DEPARTMENT: Role.DEPARTMENT,
    Actor.OFFICE: Role.OFFICE,
}

# The states at which a unit (not the county) gives its opinion.
OPINION_STATES = frozenset(s.status for route in ROUTE.values() for s in route if s.actor != Actor.OFFICE)


# ---- the steps of one application ---------------------------------------------------------
def steps(application: Application) -> tuple[Step, ...]:
    """The steps this application goes through, in order."""
    return tuple(
        s for s in ROUTE[application.managing_level] if not (s.skip_without_village and application.village_id is None)
    )


def step_for(application: Application) -> Step | None:
    """The step the application waits at, or None when it is not under review."""
    for s in steps(application):
        if s.status == application.status:
            return s
    return None


def first_status(application: Application) -> str:
    return steps(application)[0].status


def next_status(application: Application) -> str:
    """Where the application goes when the current reviewer agrees."""
    route = steps(application)
    for i, s in enumerate(route):
        if s.status == application.status:
            return route[i + 1].status
    raise ValueError(f"not under review: {application.status}")


def draft(project: Project) -> Application:
    """An unsaved application placed like `project`: who may prepare it is known before
    it exists."""
    return Application(
        project=project,
        managing_level=project.managing_level,
        managing_unit_id=project.managing_unit_id,
        township_id=project.township_id,
        village_id=project.village_id,
    )


def after_notice(application: Application) -> str:
    """Where an application goes when its notice ends: a class takes effect; an exit puts the
    project out and starts the recovery (二, 基本原则)."""
    return Status.RECOVERING if application.kind == ApplicationKind.EXIT else Status.EFFECTIVE


# ---- the transition table -------------------------------------------------------------------
Target = str | Callable[[Application], str] | None


@dataclass(frozen=True)
class Rule:
    """One action on an application: from which states, by whom, to which state."""

    sources: frozenset[str]  # the states the action may be taken from
    party: Party  # who may take it
    target: Target  # the state it leads to, computed from the route, or None: it stays
    doing: str  # what the action is called in a refusal: "不能{doing}"
    for_class: str = ""  # only for applications of this class
    for_kind: str = ""  # only for applications of this kind (ApplicationKind)


TRANSITIONS: dict[Act, Rule] = {
    # preparing and filing (十二, 十三)
    Act.UPDATE: Rule(frozenset({Status.PREPARING}), Party.PREPARER, None, "修改"),
    Act.FILE: Rule(
        frozenset({Status.PREPARING}), Party.PREPARER, first_status, "报送", for_kind=ApplicationKind.CLASSIFICATION
    ),
    Act.WITHDRAW: Rule(UNDECIDED | {Status.RECORD_FILED}, Party.PREPARER, Status.WITHDRAWN, "撤回"),
    # the opinions along the route (附件1–3)
    Act.AGREE: Rule(OPINION_STATES, Party.STEP, next_status, "签署意见"),
    Act.RETURN: Rule(OPINION_STATES, Party.STEP, Status.PREPARING, "退回"),
    # the county leading group (十四); a returned application goes back as by "return"
    Act.DECIDE: Rule(frozenset({Status.COUNTY}), Party.OFFICE, Status.APPROVED, "审定"),
    Act.POST_NOTICE: Rule(frozenset({Status.APPROVED}), Party.SUBMITTER_OR_OFFICE, Status.NOTICE, "公示"),
    Act.UPHOLD_OBJECTION: Rule(frozenset({Status.NOTICE}), Party.SUBMITTER_OR_OFFICE, Status.PREPARING, "退回重新研究"),
    Act.CLOSE_NOTICE: Rule(frozenset({Status.NOTICE}), Party.SUBMITTER_OR_OFFICE, after_notice, "结束公示"),
    # disposal (十五)
    Act.PROGRESS: Rule(frozenset({Status.EFFECTIVE}), Party.PREPARER, None, "填报处置进展"),
    Act.COMPLETE: Rule(frozenset({Status.EFFECTIVE}), Party.PREPARER, Status.COMPLETED, "确认处置完成"),
    Act.EVALUATE: Rule(frozenset({Status.COMPLETED}), Party.PREPARER, Status.EVALUATED, "评估处置效果"),
    # a new round: a new application, preparing (十五)
    Act.RECLASSIFY: Rule(frozenset({Status.EVALUATED}), Party.PREPARER, Status.PREPARING, "重新分类"),
    # the new round is a filing (备案) with the leading group, no decision or notice (十五)
    Act.FILE_RECORD: Rule(
        frozenset({Status.PREPARING}),
        Party.PREPARER,
        Status.RECORD_FILED,
        "报送备案",
        for_kind=ApplicationKind.REFILING,
    ),
    Act.RECORD: Rule(
        frozenset({Status.RECORD_FILED}), Party.OFFICE, Status.EFFECTIVE, "备案", for_kind=ApplicationKind.REFILING
    ),
    # an exit (二, 基本原则): filed like a class, then the same opinions, decision and notice;
    # once in effect the unit records what it recovers until settled, or the office writes
    # the rest off
    Act.FILE_EXIT: Rule(
        frozenset({Status.PREPARING}), Party.PREPARER, first_status, "报送退出申请", for_kind=ApplicationKind.EXIT
    ),
    Act.RECOVER: Rule(
        frozenset({Status.RECOVERING}), Party.PREPARER_OR_OFFICE, None, "登记追偿款", for_kind=ApplicationKind.EXIT
    ),
    Act.SETTLE: Rule(
        frozenset({Status.RECOVERING}),
        Party.PREPARER_OR_OFFICE,
        Status.SETTLED,
        "确认追偿结清",
        for_kind=ApplicationKind.EXIT,
    ),
    Act.WRITE_OFF: Rule(
        frozenset({Status.RECOVERING}), Party.OFFICE, Status.WRITTEN_OFF, "核销追偿", for_kind=ApplicationKind.EXIT
    ),
    # the documents of the class-specific procedure (九, 十)
    Act.DOCUMENT: Rule(UNDECIDED | DECIDED | {Status.RECORD_FILED}, Party.PREPARER_OR_OFFICE, None, "上传材料"),
    Act.REBUILD_PLAN: Rule(DECIDED, Party.PREPARER_OR_OFFICE, None, "上传重建方案（须在县领导小组审定之后）"),
    Act.REVITALISATION_PLAN: Rule(UNDECIDED, Party.PREPARER, None, "填报盘活方案", for_class=Classification.REVITALISE),
    Act.JOINT_REVIEW: Rule(
        frozenset({Status.PREPARING}) | REVIEWING,
        Party.JOINT_REVIEWER,
        None,
        "填写会审意见",
    ),
}


def state_allows(action: Act, status: str) -> bool:
    """Whether `action` may be taken from `status`."""
    return status in TRANSITIONS[action].sources


def target(action: Act, application: Application) -> str:
    """The state `action` moves the application to."""
    to = TRANSITIONS[action].target
    if to is None:
        raise ValueError(f"{action} does not move an application")
    return to(application) if callable(to) else to


def kind_allows(action: Act, application: Application) -> bool:
    """Whether `action` applies to applications of this kind (ApplicationKind)."""
    return TRANSITIONS[action].for_kind in ("", application.kind)


def may_take(user: Any, action: Act, application: Application) -> bool:
    """Whether `user` is who may take `action` on this application (whatever its state)."""
    party = TRANSITIONS[action].party
    if party == Party.PREPARER:
        return is_preparer(user, application)
    if party == Party.STEP:
        step = step_for(application)
        return step is not None and acts_as(user, step.actor, application)
    if party == Party.OFFICE:
        return acts_as(user, Actor.OFFICE, application)
    if party == Party.PREPARER_OR_OFFICE:
        return is_preparer(user, application) or acts_as(user, Actor.OFFICE, application)
    if party == Party.SUBMITTER_OR_OFFICE:
        return access.acts_for_unit(user, application.submitting_unit_id)
    if party == Party.JOINT_REVIEWER:
        return access.is_reviewer(user)
    raise ValueError(f"unknown party: {party}")


def allowed(user: Any, action: Act, application: Application) -> bool:
    """Whether `user` may take `action` on the application now: its state, its class and
    the user."""
    rule = TRANSITIONS[action]
    return (
        application.status in rule.sources
        and rule.for_class in ("", application.classification)
        and rule.for_kind in ("", application.kind)
        and may_take(user, action, application)
    )


def new_round_refusal(latest: str | None) -> str:
    """Why a new round of classification cannot start when the project's latest application
    (withdrawn ones aside) is in state `latest`; "" when it can."""
    if latest is None or state_allows(Act.RECLASSIFY, latest):
        return ""
    if latest in EXITED:
        return "该项目已退出（退出和追偿），不能再发起分类申请。"
    if latest in IN_EFFECT:
        return "上一轮分类的处置措施尚未完成并评估，不能重新分类。"
    return "该项目已有一份正在办理的申请。"


# ---- who acts -------------------------------------------------------------------------------
def acts_as(user: Any, actor: str, application: Application) -> bool:
    """Whether `user` acts for `actor` on this application: the village committee of the
    project's village, its township, its managing department, or the county office."""
    # An application is placed like a project (access.Placed), its places never null.
    return access.acts_for(user, ACTOR_ROLE[actor], cast(access.Placed, application))


def is_preparer(user: Any, application: Application) -> bool:
    return any(acts_as(user, actor, application) for actor in PREPARERS[application.managing_level])


def awaiting_q(user: Any) -> Q:
    """Applications waiting at a review step (before the county) for `user`."""
    q = Q(pk__in=[])
    for level, route in ROUTE.items():
        for s in route:
            if s.actor != Actor.OFFICE:
                q |= Q(managing_level=level, status=s.status) & access.acts_for_q(
                    user, ACTOR_ROLE[s.actor], "project__county_id"
                )
    return q


def preparer_q(user: Any) -> Q:
    q = Q(pk__in=[])
    for level, actors in PREPARERS.items():
        for actor in actors:
            q |= Q(managing_level=level) & access.acts_for_q(user, ACTOR_ROLE[actor], "project__county_id")
    return q
