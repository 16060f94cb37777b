"""The account rules of the classified-protection baseline (GB/T 22239-2019) besides the
lockout (tests/test_login_lockout.py): password rules, the change of a password set by an
administrator at the next log-in, and the idle and absolute session time-outs."""

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from ledger.choices import Role
from ledger.models import User
from pengshui.middleware import LAST_SEEN, STARTED
from tests.conftest import PASSWORD


def refusals(password, username="zhangsan"):
    try:
        validate_password(password, User(username=username))
    except ValidationError as e:
        return e.messages
    return []


@pytest.mark.parametrize(
    "password, reason",
    [
        ("Ab1!xyz", "密码长度太短，至少需要 8 个字符。"),
        ("abcdefgh2026", "密码须包含小写字母、大写字母、数字、符号中的至少 3 类。"),
        ("ABCDEFGH!!!!", "密码须包含小写字母、大写字母、数字、符号中的至少 3 类。"),
        ("Zhangsan-2026", "密码不能包含用户名。"),
        ("nasgnahZ#2026", "密码不能包含用户名。"),
    ],
)
def test_a_weak_password_is_refused_in_chinese(db, password, reason):
    assert reason in refusals(password)


@pytest.mark.parametrize("password", ["Qiaotou-2026", "qiaotou#2026x", "QIAOTOU2026!", PASSWORD])
def test_a_password_of_three_classes_is_accepted(db, password):
    assert refusals(password) == []


@pytest.fixture
def new_account(db, places, client):
    """An account as the system administrator creates it in the admin."""
    admin = User.objects.create_superuser("root", password=PASSWORD)
    admin_client = client.__class__()
    admin_client.force_login(admin)
    response = admin_client.post(
        "/admin/ledger/user/add/",
        {
            "username": "wangwu",
            "password1": "Initial-2026",
            "password2": "Initial-2026",
            "usable_password": "true",
            "unit": places["baojia_unit"].pk,
            "role": Role.TOWNSHIP,
            "phone": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return User.objects.get(username="wangwu")


def test_a_new_account_must_change_its_password_first(client, new_account):
    assert new_account.must_change_password
    response = client.post("/accounts/login/", {"username": "wangwu", "password": "Initial-2026"})
    assert response.status_code == 302
    for url in ["/", "/projects/", "/approvals/", "/exports/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/accounts/password_change/", url
    page = client.get("/accounts/password_change/").content.decode()
    assert "须先修改密码" in page
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "Initial-2026", "new_password1": "Qiaotou-own-77", "new_password2": "Qiaotou-own-77"},
    )
    assert response.status_code == 302
    new_account.refresh_from_db()
    assert not new_account.must_change_password and new_account.check_password("Qiaotou-own-77")
    assert client.get("/").status_code == 200


def test_a_password_reset_by_the_security_administrator_must_be_changed_again(client, personas, security):
    alice = personas["alice"]
    admin = client.__class__()
    admin.force_login(security)
    response = admin.post(
        "/security/password/",
        {"username": "alice", "new_password1": "Reset-pass-2026", "new_password2": "Reset-pass-2026"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.must_change_password and alice.check_password("Reset-pass-2026")
    client.force_login(alice)
    assert client.get("/projects/")["Location"] == "/accounts/password_change/"
    # log-out stays open
    assert client.post("/accounts/logout/").status_code == 302


def test_an_account_of_the_past_is_not_asked_to_change(client, personas):
    client.force_login(personas["alice"])
    assert client.get("/").status_code == 200


def age_session(client, idle=0, since_login=0):
    session = client.session
    now = time.time()
    session[STARTED] = now - since_login
    session[LAST_SEEN] = now - idle
    session.save()


def test_idle_for_thirty_minutes_logs_out(client, personas, settings):
    assert settings.IDLE_TIMEOUT_MINUTES == 30
    client.force_login(personas["alice"])
    age_session(client, idle=29 * 60, since_login=29 * 60)
    assert client.get("/").status_code == 200  # and the activity is noted
    assert time.time() - client.session[LAST_SEEN] < 5
    age_session(client, idle=31 * 60, since_login=31 * 60)
    response = client.get("/projects/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/projects/"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "您已30分钟未操作，请重新登录。" in page


def test_the_idle_time_is_configurable(client, personas, settings):
    settings.IDLE_TIMEOUT_MINUTES = 5
    client.force_login(personas["alice"])
    age_session(client, idle=6 * 60, since_login=6 * 60)
    assert client.get("/").status_code == 302


def test_an_active_session_still_ends_after_the_absolute_time(client, personas, settings):
    client.force_login(personas["alice"])
    age_session(client, idle=10, since_login=settings.SESSION_COOKIE_AGE + 60)
    response = client.get("/")
    assert response.status_code == 302 and "_auth_user_id" not in client.session
    assert "登录已超过时限" in client.get(response["Location"]).content.decode()
