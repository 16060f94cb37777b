"""Notifications: tell the users who must act that something waits for them (the event's
text, a link to act, optionally an e-mail), and let them mark what they have read.

The one writer of `Notification` rows. Callers name who is told (`ledger.access` finds the
users who act for a unit); whoever caused the event is never told of it. A reminder passes
a `key` (kind:object:date): a user is reminded of the same thing once a day, however often
the schedule runs. With `NOTIFY_BY_EMAIL` on, the users with an e-mail address also get it by
mail, sent on the background queue once the transaction commits."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_q.tasks import async_task

from ledger.models import Notification, NotificationKind, User

EMAIL_SUBJECT = "彭水“四个一批”管理系统：{kind}"
EMAIL_TASK = "ledger.tasks.notification_emails"


def notify(
    *,
    users: Iterable[User] | QuerySet[User],
    kind: str,
    text: str,
    url: str = "",
    key: str = "",
    by: Any = None,
) -> list[Notification]:
    """Tell each user (but `by`, who caused it) once; with a `key`, a user already told of
    it is not told again. Returns the notifications created."""
    by_pk = getattr(by, "pk", None)
    recipients = {u.pk: u for u in users if u.pk != by_pk and u.is_active}
    if key and recipients:
        told = Notification.objects.filter(user_id__in=recipients, key=key).values_list("user_id", flat=True)
        for pk in set(told):
            recipients.pop(pk, None)
    if not recipients:
        return []
    rows = Notification.objects.bulk_create(
        [Notification(user_id=pk, kind=kind, text=text[:500], url=url, key=key) for pk in sorted(recipients)]
    )
    if settings.NOTIFY_BY_EMAIL:
        mailed = [pk for pk, u in recipients.items() if u.email]
        if mailed:
            transaction.on_commit(lambda: _queue_emails(kind=kind, text=text, url=url, user_ids=mailed))
    return rows


def _queue_emails(*, kind: str, text: str, url: str, user_ids: list[int]) -> None:
    async_task(EMAIL_TASK, kind=kind, text=text, url=url, user_ids=user_ids)


def send_emails(*, kind: str, text: str, url: str, user_ids: list[int]) -> int:
    """Mail one notification to its users (run on the queue). Returns how many were sent."""
    subject = EMAIL_SUBJECT.format(kind=NotificationKind(kind).label)
    body = f"{text}\n\n{settings.SITE_URL}{url}" if url else text
    sent = 0
    for email in User.objects.filter(pk__in=user_ids, is_active=True).exclude(email="").values_list("email", flat=True):
        sent += send_mail(subject, body, None, [email])
    return sent


# ---- reading and marking --------------------------------------------------------------
def notifications_for(user: Any) -> QuerySet[Notification]:
    """The user's own notifications, newest first: nobody reads another's."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(user_id=user.pk)


def notification_for(user: Any, pk: int) -> Notification:
    """One of the user's notifications; 404 for anyone else's."""
    return get_object_or_404(notifications_for(user), pk=pk)


def unread_count(user: Any) -> int:
    return notifications_for(user).filter(read_at__isnull=True).count()


def notification_read(*, user: Any, pk: int) -> Notification:
    """Mark one of the user's notifications read (again: nothing changes)."""
    note = notification_for(user, pk)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    return note


def notifications_read_all(*, user: Any) -> int:
    """Mark every unread notification of the user read; returns how many."""
    return notifications_for(user).filter(read_at__isnull=True).update(read_at=timezone.now())
