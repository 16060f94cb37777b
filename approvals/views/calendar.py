"""The working-day calendar's holidays (D9): the bureau (县乡村振兴局) or the system
administrator enters a year's holidays and make-up working days as the State Council
publishes them, and marks the year complete; until then notices running into the year
have no end date."""

import datetime as dt

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from approvals.calendar import complete_years, package_knows, reminder_year
from approvals.models import Holiday, HolidayYear, Notice
from approvals.services import calendar as services
from approvals.views.common import AuthenticatedRequest, run, valid
from ledger import access

FIRST_YEAR, LAST_YEAR = 2004, 2100


class HolidayForm(forms.ModelForm):
    class Meta:
        model = Holiday
        fields = ["date", "is_workday", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}


def holiday_year(request: AuthenticatedRequest, year: int | None = None) -> HttpResponse:
    """One year's entries, a form to add one, and the mark of completeness."""
    if not access.maintains_calendar(request.user):
        raise PermissionDenied("只有县乡村振兴局或系统管理员才能维护节假日安排。")
    if year is None:
        return redirect("approvals:holidays", year=reminder_year() or timezone.localdate().year + 1)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PermissionDenied("年度超出范围。")
    form = HolidayForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "add" and valid(request, form):
            holiday = form.save(commit=False)
            run(request, services.holiday_save, f"已录入{holiday.date:%Y-%m-%d}。", by=request.user, holiday=holiday)
            return redirect("approvals:holidays", year=holiday.date.year)
        if action == "delete":
            holiday = get_object_or_404(Holiday, pk=request.POST.get("pk"), date__year=year)
            run(request, services.holiday_delete, f"已删除{holiday.date:%Y-%m-%d}。", by=request.user, holiday=holiday)
        elif action == "complete":
            run(
                request,
                services.holiday_year_complete,
                f"{year}年节假日安排已标记为完整录入。",
                by=request.user,
                year=year,
            )
        elif action == "reopen":
            run(request, services.holiday_year_reopen, f"已撤销{year}年的完整标记。", by=request.user, year=year)
        if action != "add":
            return redirect("approvals:holidays", year=year)
    else:
        form = HolidayForm(initial={"date": dt.date(year, 1, 1)})
    mark = HolidayYear.objects.filter(year=year).select_related("completed_by").first()
    return render(
        request,
        "approvals/holiday_year.html",
        {
            "year": year,
            "form": form,
            "rows": Holiday.objects.filter(date__year=year),
            "package": package_knows(year),
            "complete": year in complete_years(),
            "mark": mark,
            "pending_notices": Notice.objects.filter(
                access.county_q(request.user, "unit__county_id"), closed_at__isnull=True, ends_on__isnull=True
            ).count(),
            "years": [year - 1, year + 1],
        },
    )
