"""What every transition shares: lock the row, check the state, write the history."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model

from approvals.choices import Status
from approvals.models import Application, Transition
from approvals.uploads import validate_upload
from ledger.services import EDITABLE_FIELDS


def lock(application: Application) -> Application:
    """The application, locked for the rest of the transaction (select_for_update)."""
    return Application.objects.select_for_update(of=("self",)).select_related("project").get(pk=application.pk)


def expect(application: Application, *states: str, doing: str) -> None:
    if application.status not in states:
        raise ValidationError(
            f"该申请当前状态为“{application.get_status_display()}”，不能{doing}。可能已被他人处理，请刷新页面后查看。"
        )


def deny(message: str):
    raise PermissionDenied(message)


def move(application: Application, *, to: str, by, action: str, text: str = "") -> Transition:
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
    application.save()
    return row


def require_text(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(f"请填写{what}。")
    return text


def check_file(f, what: str, required: bool = False) -> None:
    if f is None:
        if required:
            raise ValidationError(f"请上传{what}。")
        return
    try:
        validate_upload(f)
    except ValidationError as e:
        raise ValidationError(f"{what}：{e.messages[0]}")


def snapshot(project) -> dict:
    """The project's form facts as JSON (money as strings, places as primary keys)."""
    out = {}
    for name in EDITABLE_FIELDS:
        value = getattr(project, name)
        if isinstance(value, Model):
            value = value.pk
        elif isinstance(value, Decimal):
            value = str(value)
        out[name] = value
    return out


__all__ = ["Status", "check_file", "deny", "expect", "lock", "move", "require_text", "snapshot"]
