from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from approvals.selectors import INBOX_LABELS, current_round, inbox, lateness
from approvals.views.common import AuthenticatedRequest
from ledger import access


def inbox_view(request: AuthenticatedRequest) -> HttpResponse:
    items = inbox(request.user)
    sections = [(key, label, items[key]) for key, label in INBOX_LABELS]
    return render(request, "approvals/inbox.html", {"sections": sections})


def timetable(request: AuthenticatedRequest) -> HttpResponse:
    """The county sees, per unit, what is late against the round's deadlines."""
    if not access.is_county(request.user):
        raise PermissionDenied("只有县级用户可以查看各单位进度。")
    round_ = current_round()
    rows = lateness(round_) if round_ else []
    return render(request, "approvals/timetable.html", {"round": round_, "rows": rows})
