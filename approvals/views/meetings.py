"""Meetings (十三, 十四): the list and registration, a meeting's page with the county's batch
decision, with the decision letters (批复) it issued (approvals.views.letters)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.forms import BaseFormSet
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from approvals import services
from approvals.choices import MeetingKind, Outcome
from approvals.forms import (
    DECIDE_PREFIX,
    CountyDecisionForm,
    MeetingForm,
    MinutesForm,
    agree_to_the_rest,
    county_decision_formset,
)
from approvals.models import Application, JointReview, Meeting, Opinion
from approvals.selectors import awaiting_county, letters_for, meeting_opinions, meetings_for
from approvals.views.common import AuthenticatedRequest, form_errors, run, valid
from ledger import access
from ledger.choices import Classification
from ledger.history import history_of


def meeting_list(request: AuthenticatedRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            meeting = run(request, services.meeting_create, "会议已登记。", by=request.user, **form.cleaned_data)
            if meeting is not None:
                return redirect("approvals:meeting", pk=meeting.pk)
        else:
            form_errors(request, form)
    meetings = meetings_for(request.user).order_by("-date", "-pk")[:200]
    return render(request, "approvals/meeting_list.html", {"meetings": meetings, "form": form})


def _pending(user: object) -> list[Application]:
    """The applications awaiting the county, each with its opinions and materials read in a
    fixed number of queries (the page does not grow per application)."""
    return list(
        awaiting_county(user)
        .prefetch_related(
            Prefetch("opinions", queryset=Opinion.objects.select_related("unit", "user")),
            "documents",
            Prefetch("joint_reviews", queryset=JointReview.objects.select_related("unit", "user")),
        )
        .order_by("submitting_unit", "pk")
    )


def _meeting_page(
    request: AuthenticatedRequest,
    meeting: Meeting,
    pending: list[Application],
    formset: BaseFormSet[CountyDecisionForm] | None = None,
    checked: bool = True,
) -> HttpResponse:
    """The meeting's page; with a bound `formset` the batch comes back as it was posted, with
    its errors unless not `checked` (全部同意 and 返回修改 only show the choices again)."""
    county_meeting = meeting.kind == MeetingKind.COUNTY
    if formset is None:
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
            "show_errors": checked and formset.is_bound,
            "pending": list(zip(pending, formset.forms, strict=True)),
            "opinions": opinions,
            "letters": letters,
            "history": history_of(meeting),
            "minutes_form": MinutesForm(),
            "may_upload_minutes": access.acts_for_unit(request.user, meeting.unit_id),
            "may_download_minutes": not county_meeting or access.reads_county_minutes(request.user),
        },
    )


def meeting_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(meetings_for(request.user), pk=pk)
    pending = _pending(request.user) if meeting.kind == MeetingKind.COUNTY else []
    return _meeting_page(request, meeting, pending)


@require_POST
def meeting_minutes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Upload the minutes of a meeting recorded without them (十三, 十四: 形成会议纪要)."""
    meeting = get_object_or_404(meetings_for(request.user), pk=pk)
    form = MinutesForm(request.POST, request.FILES, meeting=meeting)
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


def _class_label(item: services.Item) -> str:
    if not item.approve:
        return ""
    if item.classification:
        return str(Classification(item.classification).label)
    return f"{item.application.get_classification_display()}（按申请）"


def _renumbered(data: QueryDict, kept: list[int]) -> QueryDict:
    """The posted batch with only the rows at the indexes `kept`, numbered from 0."""
    out = QueryDict(mutable=True)
    out[f"{DECIDE_PREFIX}-TOTAL_FORMS"] = str(len(kept))
    out[f"{DECIDE_PREFIX}-INITIAL_FORMS"] = str(len(kept))
    for new, old in enumerate(kept):
        for name in CountyDecisionForm.base_fields:
            key = f"{DECIDE_PREFIX}-{old}-{name}"
            if key in data:
                out[f"{DECIDE_PREFIX}-{new}-{name}"] = str(data[key])
    return out


def _posted_ids(formset: BaseFormSet[CountyDecisionForm]) -> list[int | None]:
    """The application each posted row names, read from the raw data (before validation)."""
    ids: list[int | None] = []
    for form in formset.forms:
        try:
            ids.append(int(form["application"].value()))
        except (TypeError, ValueError):
            ids.append(None)
    return ids


@require_POST
def county_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The batch form (十四): for each application at the county step, 同意 / 退回 / 暂不审定.
    Four buttons post it (docs/decisions.md D81): 全部同意 sets the rows still at 暂不审定 to
    同意 and shows the form again; 预览 (the default) lists what will be recorded; 返回修改
    comes back to the form from that list; 确认登记 records. A refused row — by the form or by
    the service — brings the page back with every choice as posted; nothing is recorded."""
    meeting = get_object_or_404(meetings_for(request.user), pk=pk, kind=MeetingKind.COUNTY)
    if not access.is_office(request.user):
        raise PermissionDenied("只有县领导小组办公室才能登记审定结果。")
    action = request.POST.get("action", "preview")
    data = agree_to_the_rest(request.POST) if action == "all_agree" else request.POST
    posted = county_decision_formset([], data=data)
    if not posted.management_form.is_valid():
        valid(request, posted)  # says why
        return redirect("approvals:meeting", pk=meeting.pk)
    by_pk = {a.pk: a for a in _pending(request.user)}
    rows = [(pk, i) for i, pk in enumerate(_posted_ids(posted)) if pk in by_pk]
    if len(rows) < posted.total_form_count():
        messages.warning(request, "有申请已不在待审定状态（可能已被他人处理），已从本批移出。")
    pending = [by_pk[pk] for pk, _ in rows]
    formset = county_decision_formset(pending, data=_renumbered(data, [i for _, i in rows]))
    if action in ("all_agree", "back"):
        return _meeting_page(request, meeting, pending, formset, checked=False)
    if not formset.is_valid():
        for app, form in zip(pending, formset.forms, strict=True):
            for errors in form.errors.values():
                messages.error(request, f"“{app.project.name}”：{'；'.join(str(e) for e in errors)}")
        return _meeting_page(request, meeting, pending, formset)
    items = _items(formset, {a.pk: a for a in pending})
    if not items:
        messages.error(request, "尚未选择任何审定结论（同意或退回）。")
        return _meeting_page(request, meeting, pending, formset)
    if action != "confirm":
        return render(
            request,
            "approvals/meeting_decide_preview.html",
            {
                "meeting": meeting,
                "formset": formset,
                "items": items,
                "rows": [(item, _class_label(item)) for item in items],
                "skipped": len(pending) - len(items),
            },
        )
    done = run(
        request,
        services.county_decide,
        f"已登记 {len(items)} 个申请的审定结果。",
        by=request.user,
        meeting=meeting,
        items=items,
    )
    if done is None:
        return _meeting_page(request, meeting, pending, formset)
    return redirect("approvals:meeting", pk=meeting.pk)
