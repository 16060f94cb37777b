"""The project's own middleware: the session time-outs, the first password change, a media
file missing on disk answered as 404 (with an error in the log), not a 500, the pages the
security and the audit administrator are confined to, and the audit of every file served."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from ledger import access, audit
from ledger.models import AuditAction
from ledger.uploads import StoredFileMissing

logger = logging.getLogger(__name__)

STARTED = "session_started"
LAST_SEEN = "session_last_seen"
# The last activity is written at most once a minute, so most requests do not save the session.
LAST_SEEN_RESOLUTION = 60


def note_log_in(sender: object, request: HttpRequest, **kwargs: object) -> None:
    """At log-in (user_logged_in), so the first page after it does not write the session."""
    if request is not None and hasattr(request, "session"):
        request.session[STARTED] = request.session[LAST_SEEN] = time.time()


class SessionTimeoutMiddleware:
    """Logs out a user idle for IDLE_TIMEOUT_MINUTES, and one logged in for longer than
    SESSION_COOKIE_AGE however active (the absolute time-out: saving the session to note the
    activity would otherwise push the cookie's expiry forward)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.get(STARTED)
            last_seen = request.session.get(LAST_SEEN)
            if started is None or last_seen is None:  # a session from before this rule
                request.session[STARTED] = request.session[LAST_SEEN] = now
            elif now - last_seen > settings.IDLE_TIMEOUT_MINUTES * 60 or now - started > settings.SESSION_COOKIE_AGE:
                idle = now - last_seen > settings.IDLE_TIMEOUT_MINUTES * 60
                logout(request)
                messages.info(
                    request,
                    f"您已{settings.IDLE_TIMEOUT_MINUTES}分钟未操作，请重新登录。"
                    if idle
                    else "登录已超过时限，请重新登录。",
                )
                return redirect_to_login(request.get_full_path())
            elif now - last_seen >= LAST_SEEN_RESOLUTION:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """A user whose password an administrator set (a new account, a reset) must change it
    before anything else: every page but the change itself and log-out leads there."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = {reverse("password_change"), reverse("logout")}
            if request.path not in allowed and not request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
                messages.warning(request, "首次登录或密码被重置后，须先修改密码。")
                return redirect("password_change")
        return self.get_response(request)


class MissingMediaMiddleware:
    """A stored file (an upload, a monthly version) missing on disk is a fault of the server to
    log and repair, but for the user the file is simply not there: 404, not 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, StoredFileMissing):
            missing = str(exception)  # from any storage: the disk or an object store (D123)
        elif isinstance(exception, FileNotFoundError) and exception.filename:
            media = Path(settings.MEDIA_ROOT).resolve()
            path = Path(str(exception.filename)).resolve()
            if not path.is_relative_to(media):
                return None
            missing = str(path)
        else:
            return None
        logger.error("Stored file missing: %s (requested at %s)", missing, request.path, exc_info=exception)
        return render(request, "404.html", {"message": "该文件在服务器上缺失，已记录，请联系系统管理员。"}, status=404)


class RoleConfinementMiddleware:
    """The security and the audit administrator open their own pages only (三员分立): any
    other page, the admin site included, refuses them (403); their home page leads to theirs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., HttpResponse], *args: object
    ) -> HttpResponse | None:
        if access.changes_nothing(request.user):
            return self._read_only(request)
        allowed = access.confined_pages(request.user)
        if allowed is None:
            return None
        match = request.resolver_match
        name = match.view_name if match is not None else ""
        start = access.start_page(request.user)
        if name == "home" and start:
            return redirect(start)
        if name not in allowed:
            raise PermissionDenied("您的账号只用于安全管理或审计，不能打开其他页面（三员分立）。")
        return None

    @staticmethod
    def _read_only(request: HttpRequest) -> HttpResponse | None:
        """The municipal office (市级) reads and changes nothing (D116): every request that
        could change something is refused, whatever view it reaches; its home page is the
        municipal overview."""
        match = request.resolver_match
        name = match.view_name if match is not None else ""
        if request.method not in ("GET", "HEAD", "OPTIONS") and name not in access.OPEN_TO_ALL:
            raise PermissionDenied("市级账号只能查阅，不能修改任何数据。")
        if name == "home":
            return redirect("municipal_home")
        return None


class AuditMiddleware:
    """Keeps the request being served for the audit trail (its user and address, for the
    services that have no request), and records every file the site serves — an export
    built for the request or a stored file — whatever view serves it, present or future."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = audit.current_request.set(request)
        try:
            response = self.get_response(request)
            if response.status_code == 200 and is_file(response):
                record_file(request, response)
            return response
        finally:
            audit.current_request.reset(token)


def is_file(response: HttpResponse) -> bool:
    return isinstance(response, FileResponse) or "attachment" in response.get("Content-Disposition", "")


def record_file(request: HttpRequest, response: HttpResponse) -> None:
    """A stored file (an upload, a monthly version: a Django File) is a download; a file
    built for the request (a workbook, a PDF, a package) an export."""
    stored = isinstance(getattr(response, "file_to_stream", None), File)
    match = request.resolver_match
    kwargs = {k: str(v) for k, v in match.kwargs.items()} if match is not None else {}
    audit.record(
        AuditAction.DOWNLOAD if stored else AuditAction.EXPORT,
        request=request,
        object_type=match.view_name if match is not None else "",
        object_id=kwargs.get("pk") or next(iter(kwargs.values()), ""),
        detail={
            "path": request.get_full_path()[:500],
            "file": response.get("Content-Disposition", "")[:300],
            **({"kwargs": kwargs} if kwargs else {}),
        },
    )
