"""The public notice of the county's decision (十四): posting, printing, objections, closing."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from approvals import services
from approvals.calendar import notice_end
from approvals.forms import NoticeForm, ObjectionForm, PostingForm, ResolveForm
from approvals.models import Notice, Objection
from approvals.selectors import awaiting_notice, notices_for
from approvals.services.notices import counts_from, notice_state
from approvals.views.common import AuthenticatedRequest, form_errors, run, valid
from ledger.history import history_of


def notice_list(request: AuthenticatedRequest) -> HttpResponse:
    """Notices of the user's unit, and a form to post one for the approved applications."""
    approved = list(awaiting_notice(request.user))
    form = NoticeForm(request.POST or None)
    if request.method == "POST":
        chosen = [a for a in approved if str(a.pk) in request.POST.getlist("applications")]
        if form.is_valid():
            notice = run(
                request,
                services.notice_post,
                "公示已登记。",
                by=request.user,
                applications=chosen,
                **form.cleaned_data,
            )
            if notice is not None:
                return redirect("approvals:notice", pk=notice.pk)
        else:
            form_errors(request, form)
    notices = notices_for(request.user).order_by("-posted_on", "-pk")[:200]
    return render(request, "approvals/notice_list.html", {"notices": notices, "approved": approved, "form": form})


def _notice(request: AuthenticatedRequest, pk: int) -> Notice:
    return get_object_or_404(
        notices_for(request.user).prefetch_related(
            "applications__project",
            "applications__project__township",
            "applications__project__village",
            "objections__application__project",
            "postings",
        ),
        pk=pk,
    )


def notice_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk)
    end = notice_end(counts_from(notice))
    return render(
        request,
        "approvals/notice_detail.html",
        {
            "notice": notice,
            "end": end,
            "why_not": notice_state(notice),
            "objection_form": ObjectionForm(notice=notice),
            "resolve_form": ResolveForm(),
            "history": history_of(notice),
            "posting_form": PostingForm(),
            "counts_from": counts_from(notice),
        },
    )


def notice_print(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk)
    return render(request, "approvals/notice_print.html", {"notice": notice, "end": notice_end(counts_from(notice))})


@require_POST
def posting_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record one of the two postings (十四: 主管单位和实施地), with its photo."""
    notice = _notice(request, pk)
    form = PostingForm(request.POST, request.FILES)
    if valid(request, form):
        run(
            request,
            services.notice_posting_record,
            "张贴情况已登记。",
            by=request.user,
            notice=notice,
            **form.cleaned_data,
        )
    return redirect("approvals:notice", pk=notice.pk)


@require_POST
def objection_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk)
    form = ObjectionForm(request.POST, notice=notice)
    if valid(request, form):
        run(request, services.objection_record, "异议已登记。", by=request.user, notice=notice, **form.cleaned_data)
    return redirect("approvals:notice", pk=notice.pk)


@require_POST
def objection_resolve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    objection = get_object_or_404(Objection.objects.filter(notice__in=notices_for(request.user)), pk=pk)
    form = ResolveForm(request.POST)
    if valid(request, form):
        run(
            request,
            services.objection_resolve,
            "异议已处理。",
            by=request.user,
            objection=objection,
            **form.cleaned_data,
        )
    return redirect("approvals:notice", pk=objection.notice_id)


@require_POST
def notice_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk)
    run(request, services.notice_close, "公示已结束，分类已生效。", notice=notice, by=request.user)
    return redirect("approvals:notice", pk=notice.pk)
