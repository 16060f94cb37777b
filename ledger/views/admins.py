"""The pages of the two administrators kept apart from the system administrator (三员分立,
GB/T 22239-2019): the audit administrator's audit trail (read, filter, export) and the
security administrator's lockouts and password resets. Nobody else opens them: the system
administrator manages units and users in the admin site, where neither the audit trail nor
the lockouts are registered."""

from __future__ import annotations

from datetime import datetime, time
from io import BytesIO
from typing import Any

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ledger import audit
from ledger.access import county_q, manages_security, reads_audit_trail
from ledger.http import AuthenticatedRequest
from ledger.models import AuditAction, AuditEvent, User
from ledger.tables import whole_number
from ledger.xlsx import XLSX_CONTENT_TYPE, put, workbook

PER_PAGE = 50
EXPORT_LIMIT = 100_000  # rows in one export; narrow the filter for more


# ---- the audit trail (审计管理员) ---------------------------------------------------------
class AuditFilter(forms.Form):
    who = forms.CharField(label="用户", required=False, max_length=150)
    action = forms.ChoiceField(label="操作", required=False, choices=[("", "全部"), *AuditAction.choices])
    what = forms.CharField(label="对象", required=False, max_length=100)
    since = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))


def _require_auditor(request: AuthenticatedRequest) -> None:
    if not reads_audit_trail(request.user):
        raise PermissionDenied("审计记录只由审计管理员查阅（三员分立）。")


def filtered_events(form: AuditFilter, user: Any) -> QuerySet[AuditEvent]:
    """The events of the auditor's county (D113), filtered by the form."""
    # the county's events, and those of no county (a name that is no account, a scheduled task)
    events = AuditEvent.objects.filter(county_q(user) | Q(county__isnull=True)).select_related("user")
    if not form.is_valid():
        return events
    data = form.cleaned_data
    if data["who"]:
        events = events.filter(Q(username__icontains=data["who"]) | Q(user__username__icontains=data["who"]))
    if data["action"]:
        events = events.filter(action=data["action"])
    if data["what"]:
        events = events.filter(Q(object_type__icontains=data["what"]) | Q(object_id=data["what"]))
    zone = timezone.get_current_timezone()
    if data["since"]:
        events = events.filter(at__gte=datetime.combine(data["since"], time.min, tzinfo=zone))
    if data["until"]:
        events = events.filter(at__lte=datetime.combine(data["until"], time.max, tzinfo=zone))
    return events


def audit_trail(request: AuthenticatedRequest) -> HttpResponse:
    """Who did what, when, from where: filterable, paginated, newest first."""
    _require_auditor(request)
    form = AuditFilter(request.GET or None)
    paginator = Paginator(filtered_events(form, request.user), PER_PAGE)
    page = paginator.get_page(whole_number(request.GET.get("page"), 1, 1, 10**9))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "ledger/audit_trail.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "retention_days": settings.AUDIT_RETENTION_DAYS,
        },
    )


EXPORT_COLUMNS = [
    ("时间", 20),
    ("用户", 16),
    ("来源地址", 18),
    ("操作", 14),
    ("对象类别", 28),
    ("对象编号", 10),
    ("详情", 80),
]


def audit_export(request: AuthenticatedRequest) -> FileResponse:
    """The filtered trail as .xlsx; every text cell is written as text (the formula guard)."""
    _require_auditor(request)
    events = filtered_events(AuditFilter(request.GET or None), request.user)[:EXPORT_LIMIT]
    buf = BytesIO()
    wb = workbook(buf)
    ws = wb.add_worksheet("审计记录")
    for col, (title, width) in enumerate(EXPORT_COLUMNS):
        ws.set_column(col, col, width)
        put(ws, 0, col, title)
    for row, event in enumerate(events.iterator(chunk_size=2000), start=1):
        values: list[Any] = [
            timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
            event.username,
            event.ip or "",
            event.get_action_display(),
            event.object_type,
            event.object_id,
            event.detail_text,
        ]
        for col, value in enumerate(values):
            put(ws, row, col, value)
    wb.close()
    buf.seek(0)
    name = f"审计记录_{timezone.localtime():%Y%m%d%H%M}.xlsx"
    return FileResponse(buf, as_attachment=True, filename=name, content_type=XLSX_CONTENT_TYPE)


# ---- lockouts and passwords (安全管理员) -------------------------------------------------
class ResetForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)


def _require_security(request: AuthenticatedRequest) -> None:
    if not manages_security(request.user):
        raise PermissionDenied("解除登录锁定和重设密码由安全管理员办理（三员分立）。")


def _is_locked(attempt: AccessAttempt) -> bool:
    return bool(
        attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT
        and attempt.attempt_time > timezone.now() - settings.AXES_COOLOFF_TIME
    )


def _attempts_in_county(user: Any) -> QuerySet[AccessAttempt]:
    """The failed log-ins a county's security administrator handles (D113): those of their
    county's accounts, and those under a name that is no account (an address, a typo),
    which belong to no county; never another county's accounts."""
    others = User.objects.exclude(county_q(user, "unit__county_id")).values("username")
    return AccessAttempt.objects.exclude(username__in=others)


def security_lockouts(request: AuthenticatedRequest) -> HttpResponse:
    """The failed log-ins on record (locked ones first) and the password reset form."""
    _require_security(request)
    attempts = list(_attempts_in_county(request.user).order_by("-attempt_time")[:500])
    rows = sorted(((a, _is_locked(a)) for a in attempts), key=lambda r: not r[1])
    return render(
        request,
        "ledger/security.html",
        {
            "rows": rows,
            "limit": settings.AXES_FAILURE_LIMIT,
            "reset_form": ResetForm(),
            "password_form": SetPasswordForm(User()),
        },
    )


@require_POST
def security_unlock(request: AuthenticatedRequest) -> HttpResponse:
    """Lift a lockout: the failures of one account, or of one address."""
    _require_security(request)
    attempt = (
        _attempts_in_county(request.user).filter(pk=whole_number(request.POST.get("attempt"), 0, 0, 2**62)).first()
    )
    if attempt is None:
        messages.error(request, "该登录失败记录已不存在（可能已解除或已过期）。")
        return redirect("security_lockouts")
    removed = axes_reset(username=attempt.username) if attempt.username else 0
    removed += axes_reset(ip=attempt.ip_address) if attempt.ip_address else 0
    account = (
        User.objects.filter(county_q(request.user, "unit__county_id"), username=attempt.username).first()
        if attempt.username
        else None
    )
    audit.record(
        AuditAction.UNLOCK,
        request=request,
        object_type="ledger.user" if account else "axes.accessattempt",
        object_id=account.pk if account else attempt.pk,
        detail={"username": attempt.username or "", "ip": attempt.ip_address or "", "removed": removed},
    )
    messages.success(request, f"已解除“{attempt.username or attempt.ip_address}”的登录锁定。")
    return redirect("security_lockouts")


@require_POST
def security_password(request: AuthenticatedRequest) -> HttpResponse:
    """Set a temporary password, which its user must change at the next log-in."""
    _require_security(request)
    reset = ResetForm(request.POST)
    account = None
    if reset.is_valid():
        account = User.objects.filter(
            county_q(request.user, "unit__county_id"), username=reset.cleaned_data["username"]
        ).first()
        if account is None:
            reset.add_error("username", "没有这个用户。")
        elif account.pk == request.user.pk:
            reset.add_error("username", "本人的密码请通过“修改密码”修改。")
    form = SetPasswordForm(account or User(), request.POST)
    if account is None or reset.errors or not form.is_valid():
        for problem in [*reset.errors.values(), *form.errors.values()]:
            for message in problem:
                messages.error(request, str(message))
        return redirect("security_lockouts")
    form.save(commit=False)
    account.must_change_password = True
    account.save(update_fields=["password", "must_change_password"])
    audit.record(AuditAction.PASSWORD_RESET, request=request, obj=account, detail={"username": account.username})
    messages.success(request, f"已为“{account.username}”设置临时密码，该用户下次登录时须先修改密码。")
    return redirect("security_lockouts")
