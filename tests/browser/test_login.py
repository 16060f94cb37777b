import pytest

pytestmark = pytest.mark.browser


def test_township_user_logs_in_and_sees_own_unit(page, login, personas):
    login("alice")
    assert "保家镇人民政府" in page.inner_text("#current-user")
    assert page.inner_text("h1").startswith("保家镇人民政府")


def test_wrong_password_is_refused_in_chinese(page, personas):
    page.goto("/accounts/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "wrong")
    page.click("button[type=submit]")
    assert "用户名或密码不正确" in page.inner_text(".alert-danger")
