"""The notice's public page (十四), for anyone holding its link or the QR code of the printed
公告: what the 公告 shows, the count of objections, and a form to lodge one during the
posting period (D107). No log-in, no session, no CSRF cookie: the page is cached as it is."""

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_page
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from approvals import services
from approvals.calendar import notice_end
from approvals.forms import PublicObjectionForm
from approvals.models import Notice
from approvals.public import challenge_check, challenge_new
from approvals.services.notices import counts_from, notice_open_for_objections
from ledger.audit import client_address

CACHE_SECONDS = 60


def _context(notice: Notice, form: PublicObjectionForm | None) -> dict[str, Any]:
    counts = notice.objections.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(resolved=True)),
        held=Count("pk", filter=Q(resolved=True, upheld=True)),
    )
    is_open = notice_open_for_objections(notice)
    if is_open and form is None:
        form = PublicObjectionForm(notice=notice)
    question, challenge = challenge_new() if is_open else ("", "")
    return {
        "notice": notice,
        "applications": notice.applications.select_related("project").order_by("pk"),
        "end": notice_end(counts_from(notice)),
        "counts": counts,
        "not_upheld": counts["done"] - counts["held"],
        "pending": counts["total"] - counts["done"],
        "is_open": is_open,
        "form": form,
        "question": question,
        "challenge": challenge,  # a new sum each time: a refused form asks again
    }


def _lodge(request: HttpRequest, notice: Notice) -> tuple[PublicObjectionForm, list[str], bool]:
    form = PublicObjectionForm(request.POST, request.FILES, notice=notice)
    if not form.is_valid():
        errors = [
            f"{form.fields[k].label or ''}：{m}" if k in form.fields else str(m)
            for k, ms in form.errors.items()
            for m in ms
        ]
        return form, errors, False
    data = form.cleaned_data
    if data["website"]:
        return form, ["未能收到，请刷新页面后重试。"], False
    refused = challenge_check(data["challenge"], data["answer"])
    if refused:
        return form, [refused], False
    try:
        services.objection_lodge_online(
            notice=notice,
            submitter=data["submitter"],
            contact=data["contact"],
            text=data["text"],
            application=data["application"],
            photo=data["photo"],
            ip=client_address(request),
        )
    except ValidationError as e:
        return form, e.messages, False
    return PublicObjectionForm(notice=notice), [], True


@login_not_required
@csrf_exempt  # no session to ride on: the signed challenge is the form's token (D107)
@require_http_methods(["GET", "HEAD", "POST"])
@cache_page(CACHE_SECONDS)  # GET and HEAD only; a POST always reaches the view
def notice_page(request: HttpRequest, token: str) -> HttpResponse:
    notice = get_object_or_404(Notice.objects.select_related("unit__county"), token=token)
    errors: list[str] = []
    sent = False
    form = None
    if request.method == "POST":
        form, errors, sent = _lodge(request, notice)
    context = _context(notice, form) | {"errors": errors, "sent": sent}
    return render(request, "approvals/public/notice.html", context, status=400 if errors else 200)
