"""Application pages: start, detail with the current user's actions only, POST actions."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from approvals import services
from approvals.choices import Status
from approvals.models import Application
from tests.approvals.conftest import PNG, file_app
from tests.conftest import PASSWORD


@pytest.fixture
def as_user(client):
    def login(user):
        client.logout()
        assert client.login(username=user.username, password=PASSWORD)
        return client

    return login


def test_start_from_project_prefills_and_creates(as_user, level_project, personas):
    project = level_project("village")
    c = as_user(personas["alice"])
    page = c.get(f"/approvals/projects/{project.pk}/apply/")
    assert page.status_code == 200 and "完善利益联结机制" in page.content.decode()
    r = c.post(f"/approvals/projects/{project.pk}/apply/", {"classification": "consolidate", "measures": "加强管理"})
    app = Application.objects.get()
    assert r.status_code == 302 and r.url == f"/approvals/{app.pk}/" and app.measures == "加强管理"


def test_start_prefills_the_proposed_class_and_measures_not_those_in_force(as_user, level_project, personas):
    project = level_project(
        "village",
        classification="consolidate",
        measures="完善利益联结机制",
        proposed_classification="upgrade",
        proposed_measures="补齐加工短板，更新设备",
    )
    page = as_user(personas["alice"]).get(f"/approvals/projects/{project.pk}/apply/")
    form = page.context["form"]
    assert form["classification"].value() == "upgrade" and form["measures"].value() == "补齐加工短板，更新设备"


def test_start_refused_with_message_for_reviewer(as_user, level_project, personas):
    project = level_project("village")
    r = as_user(personas["rita"]).post(
        f"/approvals/projects/{project.pk}/apply/", {"classification": "consolidate", "measures": "x"}, follow=True
    )
    assert "只有负责编制" in r.content.decode() and not Application.objects.exists()


def test_other_township_gets_404(as_user, level_project, personas):
    app = services.application_create(by=personas["alice"], project=level_project("village"))
    assert as_user(personas["bob"]).get(f"/approvals/{app.pk}/").status_code == 404
    assert as_user(personas["bob"]).post(f"/approvals/{app.pk}/file/").status_code == 404


def test_detail_shows_only_the_users_actions(as_user, level_project, personas):
    app = services.application_create(by=personas["alice"], project=level_project("township"))
    body = as_user(personas["alice"]).get(f"/approvals/{app.pk}/").content.decode()
    assert 'id="file-button"' in body and 'id="agree-button"' not in body
    file_app(by=personas["alice"], application=app)
    body = as_user(personas["vera"]).get(f"/approvals/{app.pk}/").content.decode()
    assert 'id="agree-button"' in body and 'id="file-button"' not in body
    body = as_user(personas["carl"]).get(f"/approvals/{app.pk}/").content.decode()
    assert 'id="agree-button"' not in body and "待村委会意见" in body


def test_agree_by_post_with_seal(as_user, level_project, personas):
    app = services.application_create(by=personas["alice"], project=level_project("township"))
    file_app(by=personas["alice"], application=app)
    c = as_user(personas["vera"])
    c.post(f"/approvals/{app.pk}/agree/", {"text": "同意", "seal": SimpleUploadedFile("s.png", PNG)})
    app.refresh_from_db()
    assert app.status == Status.TOWNSHIP
    seal = app.opinions.get()
    r = c.get(f"/approvals/files/seal/{seal.pk}/")
    assert r.status_code == 200 and r["Content-Type"] == "image/png"
    assert b"".join(r.streaming_content).startswith(b"\x89PNG")


def test_agree_with_wrong_file_shows_message(as_user, level_project, personas):
    app = services.application_create(by=personas["alice"], project=level_project("township"))
    file_app(by=personas["alice"], application=app)
    r = as_user(personas["vera"]).post(
        f"/approvals/{app.pk}/agree/", {"text": "同意", "seal": SimpleUploadedFile("s.png", b"GIF89a....")}, follow=True
    )
    assert "PDF、JPEG 或 PNG" in r.content.decode()
    app.refresh_from_db()
    assert app.status == Status.VILLAGE


def test_files_only_within_scope(as_user, level_project, personas):
    app = services.application_create(by=personas["alice"], project=level_project("township"))
    file_app(by=personas["alice"], application=app)
    services.application_agree(by=personas["vera"], application=app, text="同意", seal=SimpleUploadedFile("s.png", PNG))
    seal = app.opinions.get()
    assert as_user(personas["bob"]).get(f"/approvals/files/seal/{seal.pk}/").status_code == 404
    assert as_user(personas["olga"]).get(f"/approvals/files/seal/{seal.pk}/").status_code == 200


def test_actions_reject_get(as_user, level_project, personas):
    app = services.application_create(by=personas["alice"], project=level_project("township"))
    assert as_user(personas["alice"]).get(f"/approvals/{app.pk}/file/").status_code == 405


def test_project_panel_and_home_panel(as_user, level_project, personas, rf):
    from django.template import Context, Template

    project = level_project("township")
    request = rf.get("/")
    request.user = personas["alice"]
    html = Template('{% include "approvals/project_panel.html" with project=project %}').render(
        Context({"project": project, "request": request})
    )
    assert 'id="start-application"' in html and "尚无分类申请" in html
    services.application_create(by=personas["alice"], project=project)
    html = Template('{% include "approvals/project_panel.html" with project=project %}').render(
        Context({"project": project, "request": request})
    )
    assert 'id="start-application"' not in html and "编制中" in html
    home = Template('{% include "approvals/home_panel.html" %}').render(Context({"request": request}))
    assert 'data-kind="preparing"' in home


def test_inbox_queries_do_not_grow(as_user, level_project, personas, django_assert_max_num_queries):
    c = as_user(personas["vera"])

    def fill(n):
        for _ in range(n):
            app = services.application_create(by=personas["alice"], project=level_project("township"))
            file_app(by=personas["alice"], application=app)

    fill(2)
    with django_assert_max_num_queries(20):
        r = c.get("/approvals/")
    assert r.content.decode().count("待村委会意见") == 2
    fill(8)
    with django_assert_max_num_queries(20):
        r = c.get("/approvals/")
    assert r.content.decode().count("待村委会意见") == 10
