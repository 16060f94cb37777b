"""Pages of the weekly dispatch: the unit's report and the county's overview."""

from datetime import date
from io import BytesIO

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from ledger.access import sees_county_weekly
from ledger.http import AuthenticatedRequest
from ledger.models.weekly import WeeklyReport
from ledger.weekly.export import write_weekly
from ledger.weekly.figures import (
    DEADLINE_TEXT,
    RATES,
    deadline,
    reporting_units,
    summary,
    surveyed_of,
    unit_figures,
    week_start,
)
from ledger.weekly.services import STATUS_LABELS, can_submit, county_overview, report_status, weekly_submit


class SubmitForm(forms.Form):
    other_progress = forms.CharField(
        label="4. 其他进展情况", widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=5000
    )


def _monday(request: HttpRequest) -> date:
    try:
        day = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = timezone.localdate()
    return week_start(day)


def weekly_report(request: AuthenticatedRequest) -> HttpResponse:
    """The unit checks items 1–3 (computed), writes item 4 and submits."""
    user = request.user
    if sees_county_weekly(user):
        return redirect("weekly_county")
    unit = user.unit
    if unit is None or not can_submit(user, unit):
        raise PermissionDenied("周调度由乡镇(街道)和行业部门报送。")
    monday = _monday(request)
    report = WeeklyReport.objects.filter(unit=unit, week_start=monday).select_related("submitted_by").first()
    form = SubmitForm(request.POST or None)
    if request.method == "POST" and report is None and form.is_valid():
        try:
            weekly_submit(unit=unit, monday=monday, by=user, other_progress=form.cleaned_data["other_progress"])
        except ValidationError as e:
            messages.error(request, e.messages[0])
        else:
            messages.success(request, "周调度已报送。")
        return redirect(f"{request.path}?date={monday.isoformat()}")
    figures = report.figures if report else unit_figures(unit, monday)
    status = report_status(report, monday)
    return render(
        request,
        "ledger/weekly/report.html",
        {
            "unit": unit,
            "monday": monday,
            "deadline": deadline(monday),
            "deadline_text": DEADLINE_TEXT,
            "report": report,
            "form": form,
            "figures": figures,
            "rates": _rates(figures),
            "status_label": STATUS_LABELS[status],
            "status": status,
        },
    )


def _rates(figures: dict) -> list[tuple[str, int, int, str]]:
    return [
        (label, figures.get(key, 0), surveyed_of(figures), figures.get(f"{key}_rate", "0.00")) for key, label in RATES
    ]


def weekly_county(request: AuthenticatedRequest) -> HttpResponse:
    """For the county: each unit's status for the week and the summary of the three rates."""
    if not sees_county_weekly(request.user):
        raise PermissionDenied("只有县级用户可以查看全县周调度。")
    monday = _monday(request)
    rows = county_overview(monday)
    for row in rows:
        row["rates"] = _rates(row["figures"])
    total = summary([r["figures"] for r in rows if r["unit"].kind == "township"])
    return render(
        request,
        "ledger/weekly/county.html",
        {
            "monday": monday,
            "deadline": deadline(monday),
            "deadline_text": DEADLINE_TEXT,
            "rows": rows,
            "total": total,
            "total_rates": _rates(total),
            "rate_labels": [label for _, label in RATES],
            "counts": {s: sum(1 for r in rows if r["status"] == s) for s in STATUS_LABELS},
        },
    )


def weekly_export(request: AuthenticatedRequest) -> HttpResponse:
    """The week's report (a unit's own) or the county summary (county users) as .xlsx."""
    monday = _monday(request)
    user = request.user
    if sees_county_weekly(user):
        code = request.GET.get("unit", "")
        units = [get_object_or_404(reporting_units(), code=code)] if code else None
    elif user.unit is not None and can_submit(user, user.unit):
        units = [user.unit]
    else:
        raise PermissionDenied("无权导出周调度。")
    out = BytesIO()
    write_weekly(out, monday, units=units)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"weekly-{monday.isoformat()}{'-' + units[0].code if units else ''}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
