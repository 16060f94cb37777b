from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from approvals import services
from approvals.calendar import notice_end
from approvals.choices import Status
from approvals.forms import NoticeForm, ObjectionForm, ResolveForm
from approvals.models import Objection
from approvals.selectors import applications_for, notices_for
from approvals.services.notices import notice_state
from approvals.views.common import form_errors, run


@login_required
def notice_list(request):
    """Notices of the user's unit, and a form to post one for the approved applications."""
    approved = list(
        applications_for(request.user).filter(status=Status.APPROVED).filter(submitting_unit_id=request.user.unit_id)
        if not request.user.is_county
        else applications_for(request.user).filter(status=Status.APPROVED)
    )
    form = NoticeForm(request.POST or None)
    if request.method == "POST":
        chosen = [a for a in approved if str(a.pk) in request.POST.getlist("applications")]
        if form.is_valid():
            created = {}

            def call():
                created["n"] = services.notice_post(by=request.user, applications=chosen, **form.cleaned_data)

            if run(request, call, "公示已登记。"):
                return redirect("approvals:notice", pk=created["n"].pk)
        else:
            form_errors(request, form)
    notices = notices_for(request.user).order_by("-posted_on", "-pk")[:200]
    return render(request, "approvals/notice_list.html", {"notices": notices, "approved": approved, "form": form})


def _notice(request, pk):
    return get_object_or_404(
        notices_for(request.user).prefetch_related(
            "applications__project",
            "applications__project__township",
            "applications__project__village",
            "objections__application__project",
        ),
        pk=pk,
    )


@login_required
def notice_view(request, pk: int):
    notice = _notice(request, pk)
    end = notice_end(notice.posted_on)
    return render(
        request,
        "approvals/notice_detail.html",
        {
            "notice": notice,
            "end": end,
            "why_not": notice_state(notice),
            "objection_form": ObjectionForm(notice=notice),
            "resolve_form": ResolveForm(),
        },
    )


@login_required
def notice_print(request, pk: int):
    notice = _notice(request, pk)
    return render(request, "approvals/notice_print.html", {"notice": notice, "end": notice_end(notice.posted_on)})


@login_required
@require_POST
def objection_add(request, pk: int):
    notice = _notice(request, pk)
    form = ObjectionForm(request.POST, notice=notice)
    if form.is_valid():
        run(
            request,
            lambda: services.objection_record(by=request.user, notice=notice, **form.cleaned_data),
            "异议已登记。",
        )
    else:
        form_errors(request, form)
    return redirect("approvals:notice", pk=notice.pk)


@login_required
@require_POST
def objection_resolve(request, pk: int):
    objection = get_object_or_404(Objection.objects.filter(notice__in=notices_for(request.user)), pk=pk)
    form = ResolveForm(request.POST)
    if form.is_valid():
        run(
            request,
            lambda: services.objection_resolve(by=request.user, objection=objection, **form.cleaned_data),
            "异议已处理。",
        )
    else:
        form_errors(request, form)
    return redirect("approvals:notice", pk=objection.notice_id)


@login_required
@require_POST
def notice_close(request, pk: int):
    notice = _notice(request, pk)
    run(request, lambda: services.notice_close(notice=notice, by=request.user), "公示已结束，分类已生效。")
    return redirect("approvals:notice", pk=notice.pk)
