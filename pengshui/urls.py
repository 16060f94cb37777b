"""The root URLs. Every page requires log-in (LoginRequiredMiddleware); the only public
ones are the log-in page, /healthz and the notices' public pages under /gs/.

The error pages are Django's own handlers with our templates (templates/400.html, 403.html,
404.html, 500.html, in the site's layout); the 403 page shows the refusal's message. A form
refused for its CSRF token gets the same 403 page (CSRF_FAILURE_VIEW, pengshui.views)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import admin
from django.contrib.auth import urls as auth_urls
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path

from ledger import access
from pengshui.accounts import PasswordChange
from pengshui.views import healthz

admin.site.site_header = "彭水自治县经营性帮扶产业项目“四个一批”管理系统"
admin.site.site_title = "“四个一批”管理系统"
_admin_context = admin.site.each_context


def admin_context(request: HttpRequest) -> dict[str, Any]:
    """The admin site's header names the administrator's county (D113)."""
    context = _admin_context(request)
    context["site_header"] = f"{access.shown_county_name(request.user)}经营性帮扶产业项目“四个一批”管理系统"
    return context


admin.site.each_context = admin_context  # type: ignore[method-assign]


def members_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """`view` behind log-in again. Django marks its password-reset views and the admin's
    own log-in form public; here only our log-in page is."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return view(request, *args, **kwargs)

    wrapped.login_required = True  # type: ignore[attr-defined]  # read by LoginRequiredMiddleware
    return wrapped


def _account_url(pattern: URLPattern | URLResolver) -> URLPattern | URLResolver:
    """Django's account URLs, all behind log-in but the log-in page (LoginView is public)."""
    if not isinstance(pattern, URLPattern) or pattern.name == "login":
        return pattern
    return URLPattern(pattern.pattern, members_only(pattern.callback), pattern.default_args, pattern.name)


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # The change clears the first-log-in flag (pengshui.accounts); Django's others as they are.
    path("accounts/password_change/", PasswordChange.as_view(), name="password_change"),
    path("accounts/", include([_account_url(p) for p in auth_urls.urlpatterns])),
    path("admin/login/", members_only(admin.site.login)),
    path("admin/", admin.site.urls),
    path("approvals/", include("approvals.urls")),
    # the public page of each posted notice, by its unguessable token (approvals.public)
    path("gs/", include("approvals.public_urls")),
    path("", include("ledger.urls")),
]
