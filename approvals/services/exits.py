"""Exit and recovery (二, 基本原则: "对无法建立联农带农机制的，建立退出和追偿机制"): a project
whose linkage with farmers cannot be established exits by an application of its own kind
(ApplicationKind.EXIT) that goes the route of a class decision (十二–十四); once in effect
the unit records what it recovers until the recovery is settled or written off."""

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from approvals.choices import ACTIVE, EXITED, Act, Action, ApplicationKind, Status
from approvals.models import Application, Recovery
from approvals.route import target
from approvals.services.applications import start_application
from approvals.services.common import (
    check_file,
    check_kind,
    check_party,
    check_state,
    lock,
    move,
    require_text,
    snapshot,
)
from ledger.choices import Linkage
from ledger.models import Project, User
from ledger.services import project_exit
from ledger.xlsx import wan_text as wan

INSUFFICIENT_ONLY = (
    "只有联农带农作用发挥不充分的项目才能申请退出（二、基本原则：对无法建立联农带农机制的，建立退出和追偿机制）。"
    "请先在项目实地调研中如实填写联农带农情况。"
)


def exit_refusal(facts: dict[str, Any]) -> str:
    """Why a project with these facts may not exit, or "" when it may: its linkage is
    insufficient (二, 基本原则)."""
    return "" if facts.get("linkage") == Linkage.INSUFFICIENT else INSUFFICIENT_ONLY


def exit_start_refusal(project: Project, latest: str | None) -> str:
    """Why an exit of `project` may not start when its latest application (withdrawn ones
    aside) is in state `latest`, or "" when it may."""
    why = exit_refusal({"linkage": project.linkage})
    if why:
        return why
    if latest in EXITED:
        return "该项目已退出，不能再次申请退出。"
    if latest in ACTIVE:
        return "该项目已有一份正在办理的申请，请先办结或撤回后再申请退出。"
    return ""


def exit_measures(app: Application) -> str:
    """The exit decision as column 26 (处置整改措施) of the ledger (附件5) shows it."""
    amount = app.recovery_amount or Decimal(0)
    if not amount:
        return f"退出：{app.exit_reason}，不追偿"
    return f"退出：{app.exit_reason}，追偿{wan(amount)}万元（{app.recovery_from}）"


def _amount(value: Any, what: str) -> Decimal:
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(f"{what}须为金额（元），如 12345.67。") from None
    if not amount.is_finite() or amount < 0 or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValidationError(f"{what}须为不小于0、至多两位小数的金额（元）。")
    return amount


def _check_exit(reason: str, amount: Any, recovery_from: str) -> tuple[str, Decimal, str]:
    reason = require_text(reason, "无法建立联农带农机制的原因")
    if amount is None or amount == "":
        raise ValidationError("请填写拟追偿金额（元），不追偿的填0。")
    value = _amount(amount, "拟追偿金额")
    recovery_from = (recovery_from or "").strip()
    if value and not recovery_from:
        raise ValidationError("请填写追偿对象（向谁追偿）。")
    return reason, value, recovery_from


@transaction.atomic
def exit_create(
    *, by: User, project: Project, reason: str, amount: Decimal | str | None, recovery_from: str
) -> Application:
    """Start an exit: the preparer proposes it, with why linkage cannot be established and
    the recovery proposed. Only for a project whose linkage is insufficient and with no
    application under way."""
    app = start_application(
        by=by, project=project, refusal=exit_start_refusal, denied="只有负责编制该项目申请表的单位才能发起退出申请。"
    )
    app.exit_reason, app.recovery_amount, app.recovery_from = _check_exit(reason, amount, recovery_from)
    app.kind = ApplicationKind.EXIT
    app.classification = app.project.classification
    app.measures = exit_measures(app)
    app.save()
    move(app, to=Status.PREPARING, by=by, action=Action.CREATE, text="退出申请")
    return app


@transaction.atomic
def exit_file(*, by: User, application: Application, text: str = "") -> Application:
    """报送退出申请: the preparer files the exit; the project's facts are snapshotted and its
    linkage must still be insufficient."""
    app = lock(application)
    check_state(app, Act.FILE_EXIT)
    check_kind(app, Act.FILE_EXIT)
    check_party(by, app, Act.FILE_EXIT, refusal="只有编制单位才能报送退出申请。")
    app.facts = snapshot(app.project)
    why = exit_refusal(app.facts)
    if why:
        raise ValidationError(why)
    app.exit_reason, app.recovery_amount, app.recovery_from = _check_exit(
        app.exit_reason, app.recovery_amount, app.recovery_from
    )
    app.measures = exit_measures(app)
    move(app, to=target(Act.FILE_EXIT, app), by=by, action=Action.FILE_EXIT, text=(text or "").strip())
    return app


def exit_take_effect(app: Application, *, by: User | None, reason: str) -> None:
    """The exit's notice has ended (called by notice_close once the application has moved):
    the project is marked exited and column 26 shows the decision."""
    project_exit(
        project=app.project,
        measures=app.approved_measures or exit_measures(app),
        exited_on=app.effective_on or timezone.localdate(),
        by=by,
        reason=reason,
    )


# ---- recovery --------------------------------------------------------------------------
def recovered(app: Application) -> Decimal:
    """The sum recovered so far, exact."""
    # summed here, each row a Decimal: exact on every database
    return sum(Recovery.objects.filter(application=app).values_list("amount", flat=True), Decimal("0.00"))


def outstanding(app: Application) -> Decimal:
    return (app.recovery_amount or Decimal(0)) - recovered(app)


@transaction.atomic
def recovery_record(
    *,
    by: User,
    application: Application,
    received_on: dt.date | None,
    amount: Decimal | str | None,
    payer: str,
    scan: UploadedFile | None,
) -> Recovery:
    """Record one sum recovered (date, amount, from whom, the receipt's scan); it may not
    exceed what is still owed."""
    app = lock(application)
    check_kind(app, Act.RECOVER)
    check_state(app, Act.RECOVER)
    check_party(by, app, Act.RECOVER, refusal="只有编制单位或县领导小组办公室才能登记追偿款。")
    if received_on is None:
        raise ValidationError("请填写追回日期。")
    if received_on > timezone.localdate():
        raise ValidationError("追回日期不能晚于今天。")
    if app.effective_on and received_on < app.effective_on:
        raise ValidationError(f"追回日期不能早于退出生效日期（{app.effective_on:%Y-%m-%d}）。")
    if amount is None or amount == "":
        raise ValidationError("请填写追回金额（元）。")
    value = _amount(amount, "追回金额")
    if not value:
        raise ValidationError("追回金额须大于0。")
    owed = outstanding(app)
    if value > owed:
        raise ValidationError(f"追回金额{value}元超过尚欠金额{owed}元，请核对。")
    payer = require_text(payer, "追回对象")
    check_file(scan, "凭证扫描件", required=True)
    row = Recovery.objects.create(application=app, received_on=received_on, amount=value, payer=payer, scan=scan, by=by)
    move(app, to=app.status, by=by, action=Action.RECOVER, text=f"{received_on:%Y-%m-%d} 追回{value}元（{payer}）")
    return row


@transaction.atomic
def recovery_settle(*, by: User, application: Application, text: str = "") -> Application:
    """追偿结清: everything proposed has been recovered."""
    app = lock(application)
    check_kind(app, Act.SETTLE)
    check_state(app, Act.SETTLE)
    check_party(by, app, Act.SETTLE, refusal="只有编制单位或县领导小组办公室才能确认追偿结清。")
    owed = outstanding(app)
    if owed > 0:
        raise ValidationError(f"尚欠{owed}元未追回，不能确认结清；无法追回的，请由县领导小组办公室核销。")
    note = (text or "").strip() or f"已追回{recovered(app)}元，结清"
    app.recovery_closed_reason = note
    move(app, to=target(Act.SETTLE, app), by=by, action=Action.SETTLE, text=note)
    return app


@transaction.atomic
def recovery_write_off(*, by: User, application: Application, reason: str) -> Application:
    """核销: the county office writes off what cannot be recovered, with the reason."""
    app = lock(application)
    check_kind(app, Act.WRITE_OFF)
    check_state(app, Act.WRITE_OFF)
    check_party(by, app, Act.WRITE_OFF, refusal="只有县领导小组办公室才能核销追偿。")
    reason = require_text(reason, "核销理由")
    if outstanding(app) <= 0:
        raise ValidationError("追偿款已全部追回，请确认结清，无须核销。")
    app.recovery_closed_reason = reason
    move(app, to=target(Act.WRITE_OFF, app), by=by, action=Action.WRITE_OFF, text=reason)
    return app
