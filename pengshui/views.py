"""The project's own pages outside both apps: the refusal of a form sent without a valid
CSRF token (Django's own is in English), and the health check of an app server (/healthz)."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(
        request,
        "403.html",
        {"exception": "页面已过期或来源不符，请刷新页面后重新操作。"},
        status=403,
    )


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """For nginx and monitoring (docs/deploy.md): 200 "ok" when this app server reaches the
    database and, when REDIS_URL is set, Redis; 503 otherwise. No log-in, no session, and
    nothing about the system in the answer (what failed goes to the log)."""
    failed = []
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("healthz: the database does not answer")
        failed.append("database")
    if settings.REDIS_URL:
        try:
            caches["default"].set("healthz", "ok", timeout=10)
        except Exception:
            logger.exception("healthz: Redis does not answer")
            failed.append("redis")
    if failed:
        return HttpResponse("unavailable", status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
