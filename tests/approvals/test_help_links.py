""" "填写说明" on each form page's header links to the step on the help page."""

import datetime as dt

import pytest
from django.urls import reverse

from .conftest import post_notice


def help_link(html: str) -> str:
    head = html[html.index("<h1") : html.index("</h1>")]
    assert "填写说明" in head
    return head.split('id="help-link" href="')[1].split('"')[0]


@pytest.fixture
def notice(approved, level_project, personas):
    app = approved(level_project("township"))
    return post_notice(
        by=personas["alice"], applications=[app], posted_on=dt.date(2025, 9, 30), contact="电话 023-78441234"
    )


def test_every_form_page_links_to_its_step(as_user, personas, make_project, notice):
    project = make_project()
    app = notice.applications.first()
    client = as_user(personas["alice"])
    pages = {
        reverse("project_create"): "project",
        reverse("project_edit", args=[project.pk]): "project",
        reverse("approvals:start", args=[project.pk]): "application",
        reverse("approvals:detail", args=[app.pk]): "application",
        reverse("approvals:notice", args=[notice.pk]): "notice",
        reverse("weekly_report"): "weekly",
    }
    help_page = client.get(reverse("help")).content.decode()
    for url, step in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert help_link(response.content.decode()) == f"{reverse('help')}#step-{step}", url
        assert f'id="step-{step}"' in help_page
    client = as_user(personas["carl"])
    assert help_link(client.get(reverse("import_upload")).content.decode()) == f"{reverse('help')}#step-import"
    assert 'id="step-import"' in client.get(reverse("help")).content.decode()
