"""The user's notifications (通知): the list, opening one (marks it read and goes to where
to act), marking one or all read. Nobody sees another user's (ledger.notifications)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from ledger.http import AuthenticatedRequest
from ledger.notifications import notification_read, notifications_for, notifications_read_all

PER_PAGE = 50


@require_GET
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    shown = request.GET.get("show", "")
    notes = notifications_for(request.user)
    if shown == "unread":
        notes = notes.filter(read_at__isnull=True)
    page = Paginator(notes, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "ledger/notifications.html", {"page": page, "shown": shown})


@require_GET
def notification_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Open a notification: it is read, and the user lands where to act."""
    note = notification_read(user=request.user, pk=pk)
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(note.url)
    return redirect("notifications")


@require_POST
def notification_mark_read(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    notification_read(user=request.user, pk=pk)
    return redirect("notifications")


@require_POST
def notification_mark_all_read(request: AuthenticatedRequest) -> HttpResponse:
    count = notifications_read_all(user=request.user)
    messages.success(request, f"已将{count}条通知标为已读。" if count else "没有未读通知。")
    return redirect("notifications")
