"""Every page requires log-in (LoginRequiredMiddleware); only the log-in page and /healthz
are public. Django's own public views (password reset, the admin's log-in form) are not."""

import pytest


def test_healthz_answers_a_stranger(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


def test_the_log_in_page_is_public(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200 and 'name="username"' in response.content.decode()


def test_static_files_are_served_to_a_stranger(client, db):
    response = client.get("/static/pengshui/site.css")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/projects/",
        "/approvals/",
        "/weekly/",
        "/admin/login/",
        "/accounts/password_change/",
        "/accounts/password_reset/",
        "/accounts/password_reset/done/",
        "/accounts/reset/MQ/set-password/",
        "/accounts/reset/done/",
    ],
)
def test_every_other_page_sends_a_stranger_to_log_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_the_admin_sends_a_stranger_to_our_log_in_page(client, db):
    response = client.get("/admin/", follow=True)
    assert response.request["PATH_INFO"] == "/accounts/login/" and 'name="username"' in response.content.decode()


def test_a_member_still_reaches_the_pages_django_marks_public(client, personas):
    client.force_login(personas["alice"])
    assert client.get("/accounts/password_reset/").status_code == 200
    assert client.get("/healthz").status_code == 200
