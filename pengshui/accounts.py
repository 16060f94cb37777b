"""Log-in under the classified-protection baseline (GB/T 22239-2019): django-axes locks an
account or an address after too many failures and this module says, in Chinese, until when;
a user whose password was set by an administrator changes it at the first log-in.
See docs/decisions.md."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import PasswordChangeView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ledger import audit
from ledger.audit import client_address
from ledger.models import AuditAction

__all__ = ["CountyBackend", "FirstPasswordChangeForm", "PasswordChange", "client_address", "lockout_response"]


class CountyBackend(ModelBackend):
    """Django's backend; the user of each request comes with their unit and its county in
    one query, since every page asks for the county first (ledger.access.county_of)."""

    def get_user(self, user_id: Any) -> Any:
        try:
            user = get_user_model()._default_manager.select_related("unit__county").get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


def lockout_response(request: HttpRequest, original_response: HttpResponse | None, credentials: Any) -> HttpResponse:
    """The page a locked-out log-in gets (status 429): until when it stays locked. Each attempt
    during the lockout starts the cool-off again (axes' default), so the time is counted from now."""
    until = timezone.localtime(timezone.now() + settings.AXES_COOLOFF_TIME)
    return render(
        request,
        "registration/locked_out.html",
        {"until": until, "limit": settings.AXES_FAILURE_LIMIT, "minutes": settings.LOGIN_LOCKOUT_MINUTES},
        status=429,
    )


class FirstPasswordChangeForm(PasswordChangeForm):
    """Django's form; saving it also clears the 'must change the password' flag."""

    def save(self, commit: bool = True) -> Any:
        self.user.must_change_password = False
        return super().save(commit=commit)


class PasswordChange(PasswordChangeView):
    form_class = FirstPasswordChangeForm

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit.record(AuditAction.PASSWORD_CHANGE, request=self.request, obj=form.user)
        messages.success(self.request, "密码已修改。")
        return response
