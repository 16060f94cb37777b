from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from approvals.models import Round
from approvals.selectors import INBOX_LABELS, inbox, lateness, round_years
from approvals.services.rounds import round_defaults
from approvals.views.common import AuthenticatedRequest
from ledger import access


def inbox_view(request: AuthenticatedRequest) -> HttpResponse:
    items = inbox(request.user)
    sections = [(key, label, items[key]) for key, label in INBOX_LABELS]
    return render(request, "approvals/inbox.html", {"sections": sections})


def timetable(request: AuthenticatedRequest) -> HttpResponse:
    """The county sees, per unit, what is late against the deadlines of a year's round
    (this year's unless ?year= chooses another), counting that round's applications only."""
    if not access.is_county(request.user):
        raise PermissionDenied("只有县级用户可以查看各单位进度。")
    county = access.county_of(request.user)
    if county is None:
        raise PermissionDenied("只有县级用户可以查看各单位进度。")
    years = round_years(county.pk)
    raw = request.GET.get("year") or str(timezone.localdate().year)
    if not raw.isdigit() or int(raw) not in years:
        raise Http404("没有该年度的工作轮次。")
    year = int(raw)
    round_ = Round.objects.filter(county=county, year=year).first()
    context = {
        "year": year,
        "years": years,
        "next_year": timezone.localdate().year + 1,
        "round": round_ or Round(county=county, year=year, **round_defaults(year, county)),
        "saved": round_ is not None,
        "rows": lateness(round_) if round_ else [],
    }
    return render(request, "approvals/timetable.html", context)
