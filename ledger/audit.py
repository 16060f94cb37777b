"""Writing the audit trail (ledger.models.audit): one helper, `record`, and the signal
receivers for log-ins, log-outs, lockouts and changes of users and roles.

Who and from where come from the request; code that has none (a service such as the
approvals' `move`) gets the request the current thread is serving, which
pengshui.middleware.AuditMiddleware keeps in `current_request`. The client's address follows
the one rule of the log-in lockout (`client_address`): REMOTE_ADDR, or the right-most
X-Forwarded-For entry only behind the trusted proxy. See docs/decisions.md."""

from __future__ import annotations

import logging
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest

from ledger.access import county_id_of
from ledger.models.audit import AuditAction, AuditEvent

logger = logging.getLogger(__name__)

current_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)

# The user's fields whose change is recorded (a role, a unit, the right to log in or to the admin).
WATCHED_USER_FIELDS = ("username", "role", "unit_id", "is_active", "is_staff", "is_superuser")


def client_address(request: HttpRequest | None) -> str | None:
    """The address a request came from. Behind the proxy (SECURE_PROXY_SSL_HEADER=true) every
    request arrives from the proxy, which appends the client's address to X-Forwarded-For; the
    right-most entry is the one the proxy saw, so a client cannot forge it."""
    if request is None:
        return None
    if settings.BEHIND_PROXY:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if forwarded:
            return forwarded[-1]
    address: str | None = request.META.get("REMOTE_ADDR")
    return address


def _valid_ip(address: str | None) -> str | None:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_ipv46_address

    if not address:
        return None
    try:
        validate_ipv46_address(address)
    except ValidationError:
        return None
    return address


def _county_id(user: Any) -> int | None:
    """The county of the acting user's unit (the auditor reads their county's events, D117)."""
    if user is None or not user.pk or getattr(user, "unit_id", None) is None:
        return None
    return county_id_of(user)


def record(
    action: AuditAction | str,
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    username: str | None = None,
    obj: Model | None = None,
    object_type: str = "",
    object_id: Any = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. `request` defaults to the one being served; `user` to its user."""
    if request is None:
        request = current_request.get()
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        if candidate is not None and candidate.is_authenticated:
            user = candidate
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    return AuditEvent.objects.create(
        user=user if user is not None and user.pk else None,
        county_id=_county_id(user),
        username=(username if username is not None else (user.get_username() if user is not None else ""))[:150],
        ip=_valid_ip(client_address(request)),
        action=action,
        object_type=object_type[:100],
        object_id=str(object_id if object_id is not None else "")[:64],
        detail=detail or {},
    )


# ---- signal receivers (connected in LedgerConfig.ready) ---------------------------------
def prune(*, days: int | None = None, by: str) -> tuple[int, int]:
    """Delete the events older than `days` (default AUDIT_RETENTION_DAYS; never fewer than
    AUDIT_RETENTION_MINIMUM_DAYS, GB/T 22239-2019's six months): the only deletion of the
    trail, itself recorded. Returns (days kept, events deleted)."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    minimum = settings.AUDIT_RETENTION_MINIMUM_DAYS
    days = settings.AUDIT_RETENTION_DAYS if days is None else days
    if days < minimum:
        raise ValueError(f"--days must be at least {minimum}: the audit trail is kept six months or more.")
    before = timezone.now() - timedelta(days=days)
    with transaction.atomic():
        deleted = AuditEvent.objects.prune(before)
        record(AuditAction.PRUNE, username=by, detail={"days": days, "before": before.isoformat(), "deleted": deleted})
    return days, deleted


def on_logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record(AuditAction.LOGIN, request=request, user=user)


def on_logged_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record(AuditAction.LOGOUT, request=request, user=user)


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """A failed log-in: the name typed (never the password), and the account when it exists."""
    from ledger.models import User

    typed = str(credentials.get("username") or "")
    account = User.objects.filter(username=typed).first() if typed else None
    record(AuditAction.LOGIN_FAILED, request=request, user=account, username=typed)


def on_locked_out(
    sender: Any, request: HttpRequest | None, username: str | None, ip_address: str, **kwargs: Any
) -> None:
    from ledger.models import User

    typed = username or ""
    account = User.objects.filter(username=typed).first() if typed else None
    record(AuditAction.LOCKED_OUT, request=request, user=account, username=typed, detail={"ip": ip_address})


def on_user_pre_save(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    """Keep the stored values of the watched fields, to compare after the save."""
    if instance.pk is None or (update_fields is not None and not set(update_fields) & {*WATCHED_USER_FIELDS, "unit"}):
        instance._audit_before = None
        return
    instance._audit_before = sender.objects.filter(pk=instance.pk).values(*WATCHED_USER_FIELDS).first()


def _value(value: Any) -> Any:
    return value if value is None or isinstance(value, (bool, int, str)) else str(value)


def on_user_post_save(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """Record a new account, or a change of its name, role, unit, activity or admin rights."""
    if kwargs.get("raw"):
        return
    if created:
        fields = {f: _value(getattr(instance, f)) for f in WATCHED_USER_FIELDS}
        record(AuditAction.USER_CREATE, obj=instance, detail={"new": fields})
        return
    before = getattr(instance, "_audit_before", None)
    if not before:
        return
    changes = {
        f: [_value(before[f]), _value(getattr(instance, f))]
        for f in WATCHED_USER_FIELDS
        if before[f] != getattr(instance, f)
    }
    if changes:
        record(AuditAction.USER_CHANGE, obj=instance, detail={"changes": changes})


def on_user_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """An account deleted (one that never acted: the others are protected, ledger/admin.py)."""
    record(
        AuditAction.USER_DELETE,
        object_type=instance._meta.label_lower,
        object_id=instance.pk,
        detail={"username": instance.username, "role": instance.role},
    )


def on_user_m2m_changed(sender: Any, instance: Any, action: str, pk_set: Any, **kwargs: Any) -> None:
    """Groups and permissions given or taken away (the admin's user form)."""
    if action not in ("post_add", "post_remove", "post_clear") or not hasattr(instance, "role"):
        return
    field = "groups" if sender is type(instance).groups.through else "user_permissions"
    record(
        AuditAction.USER_CHANGE,
        obj=instance,
        detail={"changes": {field: {"action": action, "ids": sorted(pk_set or [])}}},
    )


def connect() -> None:
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

    from ledger.models import User

    user_logged_in.connect(on_logged_in, dispatch_uid="audit_login")
    user_logged_out.connect(on_logged_out, dispatch_uid="audit_logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="audit_login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="audit_locked_out")
    pre_save.connect(on_user_pre_save, sender=User, dispatch_uid="audit_user_pre_save")
    post_save.connect(on_user_post_save, sender=User, dispatch_uid="audit_user_post_save")
    post_delete.connect(on_user_deleted, sender=User, dispatch_uid="audit_user_deleted")
    m2m_changed.connect(on_user_m2m_changed, sender=User.groups.through, dispatch_uid="audit_user_groups")
    m2m_changed.connect(on_user_m2m_changed, sender=User.user_permissions.through, dispatch_uid="audit_user_perms")
