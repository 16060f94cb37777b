"""Each year's round (时间安排, 十六–二十): the bureau sets its dates and the notice it is run
under; a year without a round shows the notice's dates as the defaults."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from approvals import services
from approvals.forms import RoundForm
from approvals.models import Round
from approvals.services.rounds import FIRST_YEAR, LAST_YEAR, round_defaults
from approvals.views.common import AuthenticatedRequest, run, valid
from ledger import access


def round_edit(request: AuthenticatedRequest, year: int) -> HttpResponse:
    """Create or change the round of `year` (the bureau only)."""
    if not access.can_manage_rounds(request.user):
        raise PermissionDenied("只有县乡村振兴局才能设置工作轮次。")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404(f"年度须在{FIRST_YEAR}至{LAST_YEAR}之间。")
    county = access.county_of(request.user)
    if county is None:
        raise PermissionDenied("只有县乡村振兴局才能设置工作轮次。")
    existing = Round.objects.filter(county=county, year=year).first()
    initial = None if existing else round_defaults(year, county)
    form = RoundForm(request.POST or None, instance=existing, initial=initial)
    if request.method == "POST" and valid(request, form):
        done = f"{year}年度工作轮次已保存。"
        saved = run(request, services.round_save, done, by=request.user, year=year, **form.cleaned_data)
        if saved is not None:
            return redirect(reverse("approvals:timetable") + f"?year={year}")
    return render(request, "approvals/round_form.html", {"form": form, "year": year, "existing": existing})
