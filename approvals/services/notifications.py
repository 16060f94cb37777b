"""Who is told when an application moves, and what (ledger.notifications writes the rows).

Called by `approvals.services.common.move`, the one writer of an application's status, so
every transition is considered once. The recipients follow the route (approvals.route):
the unit whose step the application reaches (十二–十四), the preparers when it comes back or
takes effect (十五), the submitting unit when the county has decided and the notice is
theirs to post (十四). An objection lodged against a notice tells the notice's unit and the
office (`objection_notify`). Whoever acted is not told of their own act."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from django.urls import reverse

from approvals.choices import Action, ApplicationKind, Status
from approvals.models import Application, Notice, Objection
from approvals.route import ACTOR_ROLE, PREPARERS, SUBMITTER, step_for
from ledger import access
from ledger.models import NotificationKind, User
from ledger.notifications import notify


def _users(actors: Iterable[str], application: Application) -> list[User]:
    users: dict[int, User] = {}
    for actor in actors:
        for user in access.users_acting_for(ACTOR_ROLE[actor], cast(access.Placed, application)):
            users[user.pk] = user
    return list(users.values())


def _preparers(application: Application) -> list[User]:
    return _users(PREPARERS[application.managing_level], application)


def _title(application: Application) -> str:
    project = application.project
    return f"“{project.name}”（{project.number}）的{ApplicationKind(application.kind).label}"


def transition_notify(application: Application, *, action: str, by: User | None, text: str = "") -> None:
    """Tell who must act now that `application` has moved by `action`."""
    url = reverse("approvals:detail", kwargs={"pk": application.pk})
    title = _title(application)
    step = step_for(application)
    if action in (Action.FILE, Action.AGREE, Action.FILE_EXIT) and step is not None:
        status = Status(application.status).label
        users = _users([step.actor], application)
        notify(users=users, kind=NotificationKind.STEP, text=f"{title}已到您这一步：{status}，请办理。", url=url, by=by)
    elif action == Action.FILE_RECORD:
        users = list(access.office_staff(application.project.county_id))
        notify(users=users, kind=NotificationKind.STEP, text=f"{title}已报送备案，请备案。", url=url, by=by)
    elif action in (Action.RETURN, Action.OBJECTION_UPHELD):
        why = f"：{text}" if text else "。"
        notify(
            users=_preparers(application), kind=NotificationKind.RETURNED, text=f"{title}被退回{why}", url=url, by=by
        )
    elif action == Action.APPROVE:
        users = _users([SUBMITTER[application.managing_level]], application)
        notify(
            users=users,
            kind=NotificationKind.DECIDED,
            text=f"{title}已经县领导小组审定同意，请在项目实施主管单位和实施地张贴公示。",
            url=url,
            by=by,
        )
    elif action == Action.RECORD:
        text = f"{title}已备案，新分类生效，请按处置措施开展工作。"
        notify(users=_preparers(application), kind=NotificationKind.DECIDED, text=text, url=url, by=by)
    elif action == Action.POST_NOTICE:
        text = f"{title}已张贴公示，公示期内收到的异议请及时登记。"
        notify(users=_preparers(application), kind=NotificationKind.NOTICE_POSTED, text=text, url=url, by=by)
    elif action in (Action.TAKE_EFFECT, Action.EXIT):
        then = "请登记追偿情况。" if action == Action.EXIT else "分类生效，请开展处置工作并按时填报处置进展。"
        text = f"{title}公示期满，{then}"
        notify(users=_preparers(application), kind=NotificationKind.NOTICE_ENDED, text=text, url=url, by=by)


def objection_notify(objection: Objection, notice: Notice, *, by: User | None) -> None:
    """An objection lodged against a notice: the notice's unit and the office resolve it."""
    users = [*access.unit_staff(notice.unit_id), *access.office_staff(notice.unit.county_id)]
    notify(
        users=users,
        kind=NotificationKind.OBJECTION,
        text=f"公示（{notice.posted_on:%Y-%m-%d}张贴）收到异议（{objection.submitter}），请核实处理。",
        url=reverse("approvals:notice", kwargs={"pk": notice.pk}),
        by=by,
    )
