"""What every transition shares: lock the row, check the state against the transition
table (approvals.route.TRANSITIONS) and the user, write the history."""

from decimal import Decimal
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Model

from approvals.choices import Act, ApplicationKind
from approvals.models import Application, Transition
from approvals.route import TRANSITIONS, kind_allows, may_take, state_allows
from approvals.services.notifications import transition_notify
from approvals.uploads import validate_upload
from ledger import audit
from ledger.models import AuditAction, Project, Unit, User
from ledger.services import EDITABLE_FIELDS


def lock(application: Application) -> Application:
    """The application, locked for the rest of the transaction (select_for_update)."""
    return Application.objects.select_for_update(of=("self",)).select_related("project").get(pk=application.pk)


def check_state(application: Application, action: Act) -> None:
    """Refuse unless the transition table allows `action` from the application's state."""
    if not state_allows(action, application.status):
        raise ValidationError(
            f"该申请当前状态为“{application.get_status_display()}”，不能{TRANSITIONS[action].doing}。"
            "可能已被他人处理，请刷新页面后查看。"
        )


def check_kind(application: Application, action: Act) -> None:
    """Refuse an action that does not apply to applications of this kind: a re-classification
    after disposal is filed for the record (报送备案), a first classification filed (报送)."""
    if not kind_allows(action, application):
        kind = ApplicationKind(application.kind).label
        raise ValidationError(f"该申请为“{kind}”，不能{TRANSITIONS[action].doing}。")


def check_party(by: User, application: Application, action: Act, *, refusal: str) -> None:
    """Refuse (with `refusal`) unless `by` is who the transition table lets take `action`."""
    if not may_take(by, action, application):
        deny(refusal)


def deny(message: str) -> NoReturn:
    raise PermissionDenied(message)


def unit_of(by: User) -> Unit:
    """The unit `by` acts for: every role that acts has one (ledger.models.User.clean)."""
    if by.unit is None:
        deny("您的账号未关联单位，不能办理。")
    return by.unit


def move(application: Application, *, to: str, by: User | None, action: str, text: str = "") -> Transition:
    """Set the new status and write the history row. The only writer of `status`."""
    row = Transition.objects.create(
        application=application,
        action=action,
        from_status=application.status,
        to_status=to,
        by=by,
        text=text,
    )
    application.status = to
    application._history_user = by
    application.save()
    # The audit trail's one record of an approval action (docs/decisions.md): who moved which
    # application from which state to which, and from where (the request being served).
    audit.record(
        AuditAction.APPROVAL,
        user=by,
        obj=application,
        detail={"action": action, "from": row.from_status, "to": to, "project": application.project_id},
    )
    # Who must act now is told (ledger.notifications); the one place every transition passes.
    transition_notify(application, action=action, by=by, text=text)
    return row


def require_text(text: str | None, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(f"请填写{what}。")
    return text


def check_file(f: UploadedFile | None, what: str, required: bool = False) -> None:
    if f is None:
        if required:
            raise ValidationError(f"请上传{what}。")
        return
    try:
        validate_upload(f)
    except ValidationError as e:
        raise ValidationError(f"{what}：{e.messages[0]}") from e


def snapshot(project: Project) -> dict[str, Any]:
    """The project's form facts as JSON (money as strings, places as primary keys)."""
    out: dict[str, Any] = {}
    for name in EDITABLE_FIELDS:
        value = getattr(project, name)
        if isinstance(value, Model):
            value = value.pk
        elif isinstance(value, Decimal):
            value = str(value)
        out[name] = value
    return out


__all__ = [
    "check_file",
    "check_kind",
    "check_party",
    "check_state",
    "deny",
    "lock",
    "move",
    "require_text",
    "snapshot",
    "unit_of",
]
