"""三员分立 and the audit trail (GB/T 22239-2019): each administrator's pages, the events the
trail records (who, when, from which address), that nobody changes or deletes one from the
application, and that pruning keeps at least 180 days."""

import datetime as dt
from datetime import timedelta
from io import BytesIO, StringIO

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from ledger.choices import Role
from ledger.models import AuditAction, AuditEvent, User
from ledger.models.audit import AppendOnly
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def logged_in(client, user):
    c = client.__class__()
    c.force_login(user)
    return c


# ---- who opens which page ----------------------------------------------------------------
@pytest.mark.parametrize("who", ["admin", "carl", "alice", "olga", "rita"])
def test_only_the_audit_administrator_reads_the_trail(client, personas, who):
    c = logged_in(client, personas[who])
    for url in ("/audit/", "/audit/export.xlsx"):
        response = c.get(url)
        assert response.status_code == 403, (who, url)
        assert "审计管理员" in response.content.decode()
    for url in ("/security/",):
        assert c.get(url).status_code == 403
    assert c.post("/security/password/", {"username": "alice"}).status_code == 403


def test_the_audit_model_is_not_in_the_admin(client, personas):
    c = logged_in(client, personas["admin"])
    index = c.get("/admin/").content.decode()
    assert "审计记录" not in index and "auditevent" not in index
    assert c.get("/admin/ledger/auditevent/").status_code == 404


def test_the_audit_administrator_opens_the_trail_and_nothing_else(client, auditor, make_project):
    project = make_project()
    c = logged_in(client, auditor)
    assert c.get("/").status_code == 302 and c.get("/")["Location"] == "/audit/"
    page = c.get("/audit/")
    assert page.status_code == 200 and 'id="audit-events"' in page.content.decode()
    refused = ("/projects/", f"/projects/{project.pk}/", "/exports/ledger.xlsx", "/approvals/", "/admin/", "/security/")
    for url in refused:
        response = c.get(url)
        assert response.status_code == 403, url
        assert "三员分立" in response.content.decode()
    # the menu offers the trail only
    body = page.content.decode()
    assert 'href="/audit/"' in body and 'href="/projects/"' not in body and 'href="/admin/"' not in body
    # log-out and the own password change stay open
    assert c.get("/accounts/password_change/").status_code == 200


def test_the_security_administrator_opens_the_security_page_and_nothing_else(client, security, make_project):
    project = make_project()
    c = logged_in(client, security)
    assert c.get("/")["Location"] == "/security/"
    assert c.get("/security/").status_code == 200
    for url in ("/projects/", f"/projects/{project.pk}/", "/audit/", "/admin/"):
        assert c.get(url).status_code == 403, url


def test_the_confined_administrators_hold_no_other_rights(places):
    user = User(username="x", unit=places["bureau"], role=Role.AUDITOR, is_superuser=True)
    with pytest.raises(ValidationError, match="三员分立"):
        user.clean()
    user = User(username="y", unit=places["bureau"], role=Role.SECURITY, is_staff=True)
    with pytest.raises(ValidationError, match="三员分立"):
        user.clean()


def test_only_the_security_administrator_resets_a_password(client, personas, security):
    alice = personas["alice"]
    data = {"username": "alice", "new_password1": "Reset-pass-2026", "new_password2": "Reset-pass-2026"}
    for who in ("admin", "carl"):
        assert logged_in(client, personas[who]).post("/security/password/", data).status_code == 403
    # nor in the admin site any more
    admin = logged_in(client, personas["admin"])
    response = admin.post(
        f"/admin/ledger/user/{alice.pk}/password/",
        {"password1": "Reset-pass-2026", "password2": "Reset-pass-2026", "usable_password": "true"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD) and not events(AuditAction.PASSWORD_RESET)
    c = logged_in(client, security)
    c.post("/security/password/", data, REMOTE_ADDR="10.1.1.5")
    alice.refresh_from_db()
    assert alice.check_password("Reset-pass-2026") and alice.must_change_password
    [event] = events(AuditAction.PASSWORD_RESET)
    assert (event.user, event.ip, event.object_id) == (security, "10.1.1.5", str(alice.pk))
    # a password the rules refuse is not set
    c.post("/security/password/", {"username": "alice", "new_password1": "abc", "new_password2": "abc"})
    alice.refresh_from_db()
    assert alice.check_password("Reset-pass-2026") and len(events(AuditAction.PASSWORD_RESET)) == 1


# ---- what the trail records ----------------------------------------------------------------
def test_log_in_success_failure_and_log_out_are_recorded(client, personas):
    before = timezone.now()
    client.post(LOGIN, {"username": "alice", "password": "wrong"}, REMOTE_ADDR="10.0.0.3")
    client.post(LOGIN, {"username": "nobody", "password": "wrong"}, REMOTE_ADDR="10.0.0.3")
    assert client.post(LOGIN, {"username": "alice", "password": PASSWORD}, REMOTE_ADDR="10.0.0.4").status_code == 302
    client.post("/accounts/logout/", REMOTE_ADDR="10.0.0.4")
    failed = events(AuditAction.LOGIN_FAILED)
    assert [(e.username, e.user, e.ip) for e in failed] == [
        ("alice", personas["alice"], "10.0.0.3"),
        ("nobody", None, "10.0.0.3"),
    ]
    [login] = events(AuditAction.LOGIN)
    [logout] = events(AuditAction.LOGOUT)
    assert (login.user, login.username, login.ip) == (personas["alice"], "alice", "10.0.0.4")
    assert (logout.user, logout.ip) == (personas["alice"], "10.0.0.4")
    assert before <= login.at <= logout.at <= timezone.now()
    assert "wrong" not in str([e.detail for e in AuditEvent.objects.all()])


def test_a_lockout_is_recorded(client, personas):
    for _ in range(10):
        client.post(LOGIN, {"username": "alice", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    [event] = events(AuditAction.LOCKED_OUT)
    assert (event.user, event.username, event.ip) == (personas["alice"], "alice", "10.0.0.9")


def test_behind_the_proxy_the_trail_takes_the_address_the_proxy_saw(client, personas, settings):
    settings.BEHIND_PROXY = True
    client.post(
        LOGIN,
        {"username": "alice", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9",
    )
    assert events(AuditAction.LOGIN)[0].ip == "203.0.113.9"


def test_an_export_is_recorded(client, personas, make_project):
    make_project()
    c = logged_in(client, personas["carl"])
    response = c.get("/exports/ledger.xlsx", REMOTE_ADDR="10.2.0.1")
    assert response.status_code == 200
    b"".join(response.streaming_content)
    [event] = events(AuditAction.EXPORT)
    assert (event.user, event.ip, event.object_type) == (personas["carl"], "10.2.0.1", "export_ledger")
    assert "管理台账" in event.detail["file"] or "filename" in event.detail["file"]
    assert not events(AuditAction.DOWNLOAD)
    # a refused export records nothing
    assert logged_in(client, personas["vera"]).get("/exports/monthly/999999/").status_code == 404
    assert len(events(AuditAction.EXPORT)) == 1


def test_a_role_change_is_recorded_and_nobody_changes_his_own(client, personas, places):
    admin = logged_in(client, personas["admin"])
    carl = personas["carl"]
    form = {
        "username": "carl",
        "unit": places["bureau"].pk,
        "role": Role.AUDITOR,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
        "must_change_password": "",
    }
    response = admin.post(f"/admin/ledger/user/{carl.pk}/change/", form, REMOTE_ADDR="10.3.0.1")
    assert response.status_code == 302, response.content.decode()[:2000]
    carl.refresh_from_db()
    assert carl.role == Role.AUDITOR
    [event] = events(AuditAction.USER_CHANGE)
    assert (event.user, event.ip, event.object_id) == (personas["admin"], "10.3.0.1", str(carl.pk))
    assert event.detail["changes"]["role"] == [Role.BUREAU, Role.AUDITOR]
    # the system administrator cannot change his own role or rights: the fields are read-only
    me = personas["admin"]
    own = {**form, "username": "admin", "role": Role.AUDITOR, "is_superuser": ""}
    admin.post(f"/admin/ledger/user/{me.pk}/change/", own)
    me.refresh_from_db()
    assert me.role == Role.ADMIN and me.is_superuser and me.is_staff
    assert len(events(AuditAction.USER_CHANGE)) == 1


def test_a_new_account_is_recorded(places):
    user = User.objects.create_user(username="newbie", password=PASSWORD, unit=places["bureau"], role=Role.BUREAU)
    [event] = events(AuditAction.USER_CREATE)
    assert event.object_id == str(user.pk) and event.detail["new"]["role"] == Role.BUREAU


def test_deleting_an_account_keeps_its_events_and_is_recorded(client, places, personas):
    user = User.objects.create_user(username="temp", password=PASSWORD, unit=places["bureau"], role=Role.BUREAU)
    client.post(LOGIN, {"username": "temp", "password": PASSWORD}, REMOTE_ADDR="10.6.0.1")
    [login] = events(AuditAction.LOGIN)
    pk = user.pk
    admin = logged_in(client, personas["admin"])
    response = admin.post(f"/admin/ledger/user/{pk}/delete/", {"post": "yes"}, REMOTE_ADDR="10.6.0.2")
    assert response.status_code == 302 and not User.objects.filter(pk=pk).exists()
    login = AuditEvent.objects.get(pk=login.pk)
    assert (login.user_id, login.username, login.ip) == (pk, "temp", "10.6.0.1")
    [deleted] = events(AuditAction.USER_DELETE)
    assert (deleted.user, deleted.ip, deleted.object_id) == (personas["admin"], "10.6.0.2", str(pk))


# ---- append-only -----------------------------------------------------------------------------
def test_the_trail_refuses_update_and_delete(personas):
    event = AuditEvent.objects.create(action=AuditAction.LOGIN, username="alice")
    event.username = "mallory"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(username="mallory")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).username == "alice"


def test_prune_keeps_at_least_180_days(db, settings):
    now = timezone.now()
    old = AuditEvent.objects.create(action=AuditAction.LOGIN, username="old")
    kept = AuditEvent.objects.create(action=AuditAction.LOGIN, username="kept")
    # set the times in the database directly (the model refuses updates)
    from django.db.models import QuerySet

    QuerySet.update(AuditEvent.objects.filter(pk=old.pk), at=now - timedelta(days=181))
    QuerySet.update(AuditEvent.objects.filter(pk=kept.pk), at=now - timedelta(days=179))
    with pytest.raises(CommandError, match="at least 180"):
        call_command("prune_audit", "--days", "100")
    assert AuditEvent.objects.filter(pk=old.pk).exists()
    out = StringIO()
    call_command("prune_audit", stdout=out)
    assert "Deleted 1 audit events" in out.getvalue()
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=kept.pk).exists()
    [run] = events(AuditAction.PRUNE)
    assert run.detail["deleted"] == 1 and run.detail["days"] == settings.AUDIT_RETENTION_DAYS == 180


def test_the_queue_prunes_on_the_first_of_the_month_only(db):
    from ledger.tasks import prune_audit

    old = AuditEvent.objects.create(action=AuditAction.LOGIN, username="old")
    from django.db.models import QuerySet

    QuerySet.update(AuditEvent.objects.filter(pk=old.pk), at=timezone.now() - timedelta(days=400))
    assert prune_audit(dt.date(2026, 12, 2)) == "not the first of the month"
    assert AuditEvent.objects.filter(pk=old.pk).exists() and not events(AuditAction.PRUNE)
    assert prune_audit(dt.date(2026, 12, 1)) == "1 events older than 180 days deleted"
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    [run] = events(AuditAction.PRUNE)
    assert run.username == "定时任务 prune_audit"


# ---- the audit administrator's page ---------------------------------------------------------------
def test_the_trail_page_filters_pages_and_exports_with_the_formula_guard(client, auditor, personas):
    for n in range(60):
        AuditEvent.objects.create(action=AuditAction.LOGIN, username=f"u{n}", ip="10.0.0.1")
    AuditEvent.objects.create(action=AuditAction.LOGIN_FAILED, username='=HYPERLINK("http://x")', ip="10.0.0.2")
    c = logged_in(client, auditor)
    page = c.get("/audit/")
    assert len(page.context["page"].object_list) == 50
    assert page.context["page"].paginator.count == AuditEvent.objects.count()
    failed = c.get("/audit/", {"action": AuditAction.LOGIN_FAILED})
    assert [e.username for e in failed.context["page"]] == ['=HYPERLINK("http://x")']
    who = c.get("/audit/", {"who": "u5"})
    assert {e.username for e in who.context["page"]} == {"u5", *(f"u5{n}" for n in range(10))}
    response = c.get("/audit/export.xlsx", {"action": AuditAction.LOGIN_FAILED})
    assert response.status_code == 200
    ws = openpyxl.load_workbook(BytesIO(b"".join(response.streaming_content))).active
    assert ws.cell(1, 1).value == "时间" and ws.max_row == 2
    cell = ws.cell(2, 2)
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"
    assert ws.cell(2, 4).value == "登录失败"
    # the export itself is in the trail
    [export] = events(AuditAction.EXPORT)
    assert export.user == auditor and export.object_type == "audit_export"
