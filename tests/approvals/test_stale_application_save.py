"""The application's and the revitalisation plan's forms carry the version they were
opened on; a save on a stale copy is refused with what changed since, and changes nothing."""

import re

import pytest

from approvals import services
from approvals.choices import Action
from approvals.models import RevitalisationPlan, Transition


@pytest.fixture
def alice(client, personas):
    client.force_login(personas["alice"])
    return personas["alice"]


def versions(client, app) -> dict[str, str]:
    """The version of each form on the application page, by the form's action."""
    page = client.get(f"/approvals/{app.pk}/").content.decode()
    out = {}
    for form in re.findall(r'<form[^>]*action="([^"]+)"(.*?)</form>', page, re.S):
        found = re.search(r'name="version" value="(\d+)"', form[1])
        if found:
            out[form[0].rstrip("/").rsplit("/", 1)[-1]] = found.group(1)
    return out


def test_a_stale_application_save_is_refused_with_what_changed(client, alice, level_project):
    app = services.application_create(by=alice, project=level_project("township"))
    old = versions(client, app)["update"]
    post = {"classification": "consolidate", "measures": "加强管理", "version": old}
    assert client.post(f"/approvals/{app.pk}/update/", post).status_code == 302
    response = client.post(
        f"/approvals/{app.pk}/update/", {"classification": "upgrade", "measures": "补短板", "version": old}, follow=True
    )
    page = response.content.decode()
    assert "此申请您已保存过，这一页是保存前的旧内容（如按了浏览器的“后退”），本次未保存。请刷新后再改" in page
    assert "处置措施：完善利益联结机制 → 加强管理" in page
    app.refresh_from_db()
    assert (app.classification, app.measures) == ("consolidate", "加强管理")
    assert Transition.objects.filter(application=app, action=Action.UPDATE).count() == 1


def test_a_fresh_application_copy_saves(client, alice, level_project):
    app = services.application_create(by=alice, project=level_project("township"))
    for measures in ("一", "二"):
        post = {"classification": "consolidate", "measures": measures, "version": versions(client, app)["update"]}
        client.post(f"/approvals/{app.pk}/update/", post)
    app.refresh_from_db()
    assert app.measures == "二"


def test_a_stale_plan_save_is_refused(client, alice, level_project):
    app = services.application_create(by=alice, project=level_project("township", "revitalise"))
    url = f"/approvals/{app.pk}/revitalisation-plan/"
    plan = {"cause": "资金短缺", "resources": "厂房闲置"}
    first = versions(client, app)["revitalisation-plan"]
    assert first == "0"  # no plan yet
    client.post(url, {**plan, "measures": "引进新主体", "version": first})
    second = versions(client, app)["revitalisation-plan"]
    client.post(url, {**plan, "measures": "村集体自营", "version": second})
    page = client.post(url, {**plan, "measures": "转租", "version": second}, follow=True).content.decode()
    assert "此方案您已保存过，这一页是保存前的旧内容" in page and "盘活措施：引进新主体 → 村集体自营" in page
    page = client.post(url, {**plan, "measures": "转租", "version": first}, follow=True).content.decode()
    assert "此方案您已保存过，这一页是保存前的旧内容" in page  # opened before the plan existed
    assert RevitalisationPlan.objects.get(application=app).measures == "村集体自营"
