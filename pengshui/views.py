"""The project's own pages outside both apps: the refusal of a form sent without a valid
CSRF token (Django's own is in English)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(
        request,
        "403.html",
        {"exception": "页面已过期或来源不符，请刷新页面后重新操作。"},
        status=403,
    )
