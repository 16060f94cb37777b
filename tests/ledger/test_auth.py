"""Log-in, log-out, password change and session expiry."""

from django.conf import settings


def test_login_then_logout(client, personas):
    response = client.post("/accounts/login/", {"username": "alice", "password": "Test-pass-2026"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.get("/accounts/logout/").status_code == 405  # only POST logs out
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_wrong_password_is_refused_in_chinese(client, personas):
    response = client.post("/accounts/login/", {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_password_change_applies_the_validators(client, personas):
    client.force_login(personas["alice"])
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "Test-pass-2026", "new_password1": "123", "new_password2": "123"},
    )
    assert response.status_code == 200
    assert "密码长度太短" in response.content.decode()
    personas["alice"].refresh_from_db()
    assert personas["alice"].check_password("Test-pass-2026")
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "Test-pass-2026", "new_password1": "Qiaotou-2026-x", "new_password2": "Qiaotou-2026-x"},
    )
    assert response.status_code == 302
    personas["alice"].refresh_from_db()
    assert personas["alice"].check_password("Qiaotou-2026-x")


def test_sessions_expire():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 12 * 3600


def test_interface_is_chinese_in_shanghai_time():
    assert settings.LANGUAGE_CODE == "zh-hans" and settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.DEBUG is False


def test_a_chinese_name_is_shown_family_name_first(db):
    from ledger.models import User

    assert User(username="z", first_name="建国", last_name="张").display_name == "张建国"
    assert User(username="z", first_name="建国", last_name="").display_name == "建国"
    assert User(username="w", first_name="Wei", last_name="Li").display_name == "Wei Li"
    assert User(username="nobody").display_name == "nobody"
