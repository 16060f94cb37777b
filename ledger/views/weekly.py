"""Pages of the weekly dispatch: the unit's report and the county's overview."""

from datetime import date
from io import BytesIO

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.views.decorators.http import require_POST

from ledger.access import can_remind_weekly, county_id_of, county_of, county_q, sees_county_weekly
from ledger.http import AuthenticatedRequest
from ledger.models.weekly import WeeklyReport
from ledger.replica import reads_from_replica
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
from ledger.weekly.services import (
    EMPTY_ITEM_4,
    STATUS_LABELS,
    amendable,
    can_submit,
    county_overview,
    last_reminders,
    report_status,
    weekly_remind,
    weekly_submit,
)


class SubmitForm(forms.Form):
    other_progress = forms.CharField(
        label="4. 其他进展情况",
        widget=forms.Textarea(attrs={"rows": 5, "class": "form-control mb-2"}),
        max_length=5000,
        help_text="没有其他进展的，请填“无”。",
        error_messages={
            "required": EMPTY_ITEM_4,
            "max_length": "其他进展情况最多 %(limit_value)d 字（现有 %(show_value)d 字）。",
        },
    )


def _monday(request: HttpRequest) -> date:
    try:
        day = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = timezone.localdate()
    return week_start(day)


def weekly_report(request: AuthenticatedRequest) -> HttpResponse:
    """The unit checks items 1–3 (computed), writes item 4 and submits; until the Thursday
    deadline it may amend what it sent (each version kept)."""
    user = request.user
    if sees_county_weekly(user):
        return redirect("weekly_county")
    unit = user.unit
    if unit is None or not can_submit(user, unit):
        raise PermissionDenied("周调度由乡镇(街道)和行业部门报送。")
    monday = _monday(request)
    report = WeeklyReport.objects.filter(unit=unit, week_start=monday).select_related("submitted_by").first()
    open_to_amend = amendable(report, monday)
    initial = {"other_progress": report.other_progress} if report else None
    form = SubmitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            weekly_submit(unit=unit, monday=monday, by=user, other_progress=form.cleaned_data["other_progress"])
        except ValidationError as e:
            messages.error(request, e.messages[0])
        else:
            messages.success(request, "周调度已修改并重新报送。" if report else "周调度已报送。")
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
            "versions": report.versions.count() if report else 0,
            "may_submit": report is None or open_to_amend,
            "form": form,
            "figures": figures,
            "rates": _rates(figures),
            "status_label": STATUS_LABELS[status],
            "status": status,
        },
    )


def weekly_versions(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Every submission of one report, in full, latest first: for the county and the unit."""
    report = get_object_or_404(
        WeeklyReport.objects.filter(county_q(request.user, "unit__county_id")).select_related("unit"), pk=pk
    )
    user = request.user
    if not (sees_county_weekly(user) or can_submit(user, report.unit)):
        raise PermissionDenied("无权查看该单位的周调度。")
    versions = list(report.versions.select_related("submitted_by").order_by("-number"))
    return render(
        request,
        "ledger/weekly/versions.html",
        {
            "report": report,
            "deadline": deadline(report.week_start),
            "versions": [(v, _rates(v.figures)) for v in versions],
            "county": sees_county_weekly(user),
        },
    )


def _rates(figures: dict) -> list[tuple[str, int, int, str]]:
    return [
        (label, figures.get(key, 0), surveyed_of(figures), figures.get(f"{key}_rate", "0.00")) for key, label in RATES
    ]


UNSUBMITTED = "unsubmitted"  # the 未报送 filter: no report yet for the week (尚未报送 or 逾期未报)


def weekly_county(request: AuthenticatedRequest) -> HttpResponse:
    """For the county: each unit's status for the week and the summary of the three rates;
    ?status=unsubmitted lists only the units that have not submitted."""
    if not sees_county_weekly(request.user):
        raise PermissionDenied("只有县级用户可以查看全县周调度。")
    monday = _monday(request)
    rows = county_overview(monday, county_id=county_id_of(request.user))
    reminders = last_reminders(monday)
    for row in rows:
        row["rates"] = _rates(row["figures"])
        row["reminder"] = reminders.get(row["unit"].pk)
    total = summary([r["figures"] for r in rows if r["unit"].kind == "township"])
    unsubmitted_only = request.GET.get("status") == UNSUBMITTED
    shown = [r for r in rows if r["report"] is None] if unsubmitted_only else rows
    return render(
        request,
        "ledger/weekly/county.html",
        {
            "monday": monday,
            "deadline": deadline(monday),
            "deadline_text": DEADLINE_TEXT,
            "rows": shown,
            "unsubmitted_only": unsubmitted_only,
            "unsubmitted_count": sum(1 for r in rows if r["report"] is None),
            "total": total,
            "total_rates": _rates(total),
            "rate_labels": [label for _, label in RATES],
            "counts": {s: sum(1 for r in rows if r["status"] == s) for s in STATUS_LABELS},
        },
    )


@require_POST
def weekly_remind_view(request: AuthenticatedRequest) -> HttpResponseRedirect:
    """ "提醒": remind the ticked units, or every unit that has not submitted when none is
    ticked; units that have submitted are left out by the service."""
    if not can_remind_weekly(request.user):
        raise PermissionDenied("只有县乡村振兴局和县领导小组办公室可以提醒未报送的单位。")
    monday = _monday(request)
    codes = request.POST.getlist("unit")
    mine = reporting_units(county_id_of(request.user))
    units = mine.filter(code__in=codes) if codes else mine
    reminded = weekly_remind(by=request.user, units=list(units), monday=monday)
    if reminded:
        names = "、".join(u.name for u in reminded[:5]) + ("等" if len(reminded) > 5 else "")
        messages.success(request, f"已提醒{len(reminded)}个未报送的单位：{names}。")
    else:
        messages.info(request, "所选单位本周均已报送，无需提醒。")
    query = {"date": monday.isoformat(), "status": request.POST.get("status", "")}
    return redirect(f"{reverse('weekly_county')}?{urlencode({k: v for k, v in query.items() if v})}")


@reads_from_replica  # a report: its reads may come from the replica (D121)
def weekly_export(request: AuthenticatedRequest) -> HttpResponse:
    """The week's report (a unit's own) or the county summary (county users) as .xlsx."""
    monday = _monday(request)
    user = request.user
    if sees_county_weekly(user):
        code = request.GET.get("unit", "")
        units = [get_object_or_404(reporting_units(county_id_of(user)), code=code)] if code else None
    elif user.unit is not None and can_submit(user, user.unit):
        units = [user.unit]
    else:
        raise PermissionDenied("无权导出周调度。")
    out = BytesIO()
    write_weekly(out, monday, units=units, county=county_of(user))
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"周调度_{units[0].name if units else '全县'}_{monday:%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    return response
