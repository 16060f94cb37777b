"""Meetings (十三, 十四): the list and registration, a meeting's page with the county's batch
decision, with the decision letters (批复) it issued (approvals.views.letters)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.forms import BaseFormSet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from approvals import services
from approvals.choices import MeetingKind, Outcome
from approvals.forms import (
    DECIDE_PREFIX,
    CountyDecisionForm,
    CountyDecisionFormSet,
    MeetingForm,
    MinutesForm,
    county_decision_formset,
)
from approvals.models import Application, Meeting
from approvals.selectors import awaiting_county, letters_for, meeting_opinions, meetings_for
from approvals.views.common import AuthenticatedRequest, form_errors, run, valid
from ledger import access
from ledger.history import history_of


def meeting_list(request: AuthenticatedRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            meeting = run(request, services.meeting_create, "会议已登记。", by=request.user, **form.cleaned_data)
            if meeting is not None:
                return redirect("approvals:meeting", pk=meeting.pk)
        else:
            form_errors(request, form)
    meetings = meetings_for(request.user).order_by("-date", "-pk")[:200]
    return render(request, "approvals/meeting_list.html", {"meetings": meetings, "form": form})


def meeting_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(meetings_for(request.user), pk=pk)
    county_meeting = meeting.kind == MeetingKind.COUNTY
    pending: list[Application] = []
    if county_meeting:
        pending = list(awaiting_county(request.user).order_by("submitting_unit", "pk"))
    formset = county_decision_formset(pending)
    opinions = list(meeting_opinions(request.user, meeting))
    letters = letters_for(request.user).filter(meeting=meeting).order_by("pk")
    return render(
        request,
        "approvals/meeting_detail.html",
        {
            "meeting": meeting,
            "county_meeting": county_meeting,
            "formset": formset,
            "pending": list(zip(pending, formset.forms, strict=True)),
            "opinions": opinions,
            "letters": letters,
            "history": history_of(meeting),
            "minutes_form": MinutesForm(),
            "may_upload_minutes": access.acts_for_unit(request.user, meeting.unit_id),
            "may_download_minutes": not county_meeting or access.reads_county_minutes(request.user),
        },
    )


@require_POST
def meeting_minutes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Upload the minutes of a meeting recorded without them (十三, 十四: 形成会议纪要)."""
    meeting = get_object_or_404(meetings_for(request.user), pk=pk)
    form = MinutesForm(request.POST, request.FILES)
    if valid(request, form):
        run(
            request,
            services.meeting_minutes_upload,
            "会议纪要已上传。",
            by=request.user,
            meeting=meeting,
            minutes=form.cleaned_data["minutes"],
        )
    return redirect("approvals:meeting", pk=meeting.pk)


def _items(formset: BaseFormSet[CountyDecisionForm], pending: dict[int, Application]) -> list[services.Item]:
    """The decisions taken, on applications still awaiting the county; skipped ones left out."""
    items = []
    for data in formset.cleaned_data:
        pk, outcome = data.get("application"), data.get("outcome")
        app = pending.get(pk) if pk is not None else None
        if app is None or outcome not in (Outcome.APPROVE, Outcome.RETURN):
            continue
        items.append(
            services.Item(
                application=app,
                approve=outcome == Outcome.APPROVE,
                classification=data.get("classification", ""),
                measures=data.get("measures", ""),
                text=data.get("text", ""),
            )
        )
    return items


@require_POST
def county_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The batch form: for each application at the county step, approve / return / skip."""
    meeting = get_object_or_404(Meeting, pk=pk, kind=MeetingKind.COUNTY)
    if not access.is_office(request.user):
        raise PermissionDenied("只有县领导小组办公室才能登记审定结果。")
    formset = CountyDecisionFormSet(request.POST, prefix=DECIDE_PREFIX)
    if valid(request, formset):
        items = _items(formset, {a.pk: a for a in awaiting_county(request.user)})
        run(
            request,
            services.county_decide,
            f"已登记 {len(items)} 个申请的审定结果。",
            by=request.user,
            meeting=meeting,
            items=items,
        )
    return redirect("approvals:meeting", pk=meeting.pk)
