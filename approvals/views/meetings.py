from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from approvals import services
from approvals.choices import MeetingKind, Status
from approvals.forms import MeetingForm
from approvals.models import Meeting, Opinion
from approvals.selectors import applications_for
from approvals.views.common import form_errors, run
from ledger.choices import Classification, Role


def meetings_for(user):
    qs = Meeting.objects.select_related("unit")
    if user.is_county:
        return qs
    return qs.filter(unit_id=user.unit_id) | qs.filter(kind=MeetingKind.COUNTY)


@login_required
def meeting_list(request):
    form = MeetingForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            created = {}

            def call():
                created["m"] = services.meeting_create(by=request.user, **form.cleaned_data)

            if run(request, call, "会议已登记。"):
                return redirect("approvals:meeting", pk=created["m"].pk)
        else:
            form_errors(request, form)
    meetings = meetings_for(request.user).order_by("-date", "-pk")[:200]
    return render(request, "approvals/meeting_list.html", {"meetings": meetings, "form": form})


@login_required
def meeting_view(request, pk: int):
    meeting = get_object_or_404(meetings_for(request.user), pk=pk)
    pending = []
    if meeting.kind == MeetingKind.COUNTY and request.user.role == Role.OFFICE:
        pending = list(applications_for(request.user).filter(status=Status.COUNTY).order_by("submitting_unit", "pk"))
    opinions = (
        Opinion.objects.filter(meeting=meeting)
        .select_related("application__project", "application__submitting_unit")
        .order_by("application__submitting_unit__name", "pk")
    )
    units = sorted(
        {(o.application.submitting_unit_id, o.application.submitting_unit.name) for o in opinions}, key=lambda u: u[1]
    )
    return render(
        request,
        "approvals/meeting_detail.html",
        {
            "meeting": meeting,
            "pending": pending,
            "opinions": opinions,
            "units": units,
            "classes": Classification.choices,
        },
    )


@login_required
@require_POST
def county_decide(request, pk: int):
    """The batch form: for each application at the county step, approve / return / skip."""
    meeting = get_object_or_404(Meeting, pk=pk, kind=MeetingKind.COUNTY)
    if request.user.role != Role.OFFICE:
        raise PermissionDenied("只有县领导小组办公室才能登记审定结果。")
    items = []
    apps = {a.pk: a for a in applications_for(request.user).filter(status=Status.COUNTY)}
    for key, value in request.POST.items():
        if not key.startswith("outcome_") or value not in ("approve", "return"):
            continue
        app = apps.get(int(key.removeprefix("outcome_")))
        if app is None:
            continue
        items.append(
            services.Item(
                application=app,
                approve=value == "approve",
                classification=request.POST.get(f"class_{app.pk}", ""),
                measures=request.POST.get(f"measures_{app.pk}", ""),
                text=request.POST.get(f"text_{app.pk}", ""),
            )
        )
    run(
        request,
        lambda: services.county_decide(by=request.user, meeting=meeting, items=items),
        f"已登记 {len(items)} 个申请的审定结果。",
    )
    return redirect("approvals:meeting", pk=meeting.pk)


@login_required
def decision_letter(request, pk: int, unit_pk: int):
    """批复: the county's decision to one unit, listing its decided applications."""
    meeting = get_object_or_404(Meeting, pk=pk, kind=MeetingKind.COUNTY)
    if not (request.user.is_county or request.user.unit_id == unit_pk):
        raise PermissionDenied("只能查看本单位的批复。")
    opinions = list(
        Opinion.objects.filter(meeting=meeting, application__submitting_unit_id=unit_pk)
        .select_related("application__project", "application__submitting_unit")
        .order_by("pk")
    )
    if not opinions:
        from django.http import Http404

        raise Http404
    return render(
        request,
        "approvals/decision_letter.html",
        {"meeting": meeting, "opinions": opinions, "unit": opinions[0].application.submitting_unit},
    )
