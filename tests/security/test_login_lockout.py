"""Log-in throttling with the real django-axes (settings as in production): ten failures lock
the account from any address, or the address for any account; the locked page says in
Chinese until when; the right password is refused while locked; an administrator lifts it."""

import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"


def attempt(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_the_limit_is_ten_failures_and_thirty_minutes():
    assert settings.AXES_FAILURE_LIMIT == 10
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_ten_wrong_passwords_lock_the_account_with_a_chinese_message(client, personas):
    for _ in range(9):
        response = attempt(client, "alice", "wrong")
        assert response.status_code == 200 and "用户名或密码不正确" in response.content.decode()
    before = timezone.localtime()
    locked = attempt(client, "alice", "wrong")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "登录失败已达 10 次" in page and "以后再试" in page
    until = re.search(r"请于 (\d+)年(\d+)月(\d+)日 (\d\d):(\d\d) 以后再试", page)
    assert until, page
    shown = before.replace(
        year=int(until[1]), month=int(until[2]), day=int(until[3]), hour=int(until[4]), minute=int(until[5])
    )
    assert 29 * 60 <= (shown - before).total_seconds() <= 31 * 60
    assert "<html" in page and 'class="navbar' in page  # the site's layout
    # the right password no longer logs in, from this address or any other
    assert attempt(client, "alice", PASSWORD).status_code == 429
    assert attempt(client, "alice", PASSWORD, address="10.9.9.9").status_code == 429
    assert "_auth_user_id" not in client.session
    # another account from another address is not affected
    response = attempt(client, "bob", PASSWORD, address="10.0.0.2")
    assert response.status_code == 302 and response["Location"] == "/"


def test_ten_failures_from_one_address_on_many_accounts_lock_the_address(client, personas):
    for n in range(10):
        attempt(client, f"guess{n}", "wrong", address="10.0.0.7")
    assert attempt(client, "bob", PASSWORD, address="10.0.0.7").status_code == 429
    assert attempt(client, "bob", PASSWORD, address="10.0.0.8").status_code == 302


def test_a_success_before_the_limit_starts_the_count_again(client, personas):
    for _ in range(9):
        attempt(client, "alice", "wrong")
    assert attempt(client, "alice", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(9):
        assert attempt(client, "alice", "wrong").status_code == 200
    assert attempt(client, "alice", PASSWORD).status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, personas):
    for _ in range(10):
        attempt(client, "alice", "wrong")
    assert attempt(client, "alice", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timezone.timedelta(minutes=1)
    )
    assert attempt(client, "alice", PASSWORD).status_code == 302


def test_the_administrator_lifts_a_lockout_with_the_command(client, personas):
    for _ in range(10):
        attempt(client, "alice", "wrong")
    call_command("axes_reset_username", "alice")
    assert attempt(client, "alice", PASSWORD).status_code == 302


def test_the_security_administrator_lifts_a_lockout(client, personas, security):
    for _ in range(10):
        attempt(client, "alice", "wrong")
    officer = client.__class__()
    officer.force_login(security)
    listing = officer.get("/security/")
    assert listing.status_code == 200 and "alice" in listing.content.decode() and "已锁定" in listing.content.decode()
    row = AccessAttempt.objects.get(username="alice")
    response = officer.post("/security/unlock/", {"attempt": row.pk})
    assert response.status_code == 302 and not AccessAttempt.objects.filter(username="alice").exists()
    assert attempt(client, "alice", PASSWORD).status_code == 302


def test_the_system_administrator_no_longer_sees_the_lockouts(client, personas):
    """Lockouts belong to the security administrator (三员分立): not in the admin site."""
    for _ in range(10):
        attempt(client, "alice", "wrong")
    admin = client.__class__()
    admin.force_login(personas["admin"])
    assert admin.get("/admin/axes/accessattempt/").status_code == 404
    assert admin.get("/security/").status_code == 403
    row = AccessAttempt.objects.get(username="alice")
    assert admin.post("/security/unlock/", {"attempt": row.pk}).status_code == 403
    assert AccessAttempt.objects.filter(username="alice").exists()


@pytest.mark.parametrize("behind_proxy, expected", [(True, "203.0.113.9"), (False, "127.0.0.1")])
def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(rf, settings, behind_proxy, expected):
    from pengshui.accounts import client_address

    settings.BEHIND_PROXY = behind_proxy
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert client_address(request) == expected
