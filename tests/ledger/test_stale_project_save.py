"""A project form carries the version it was opened on; a save made on a stale copy (by
another user, or by the same user going Back and saving again) is refused, shows what
changed since, and changes nothing."""

import re
from decimal import Decimal

import pytest

from ledger.models import Project

from .test_project_form_view import form_data

STALE = "此项目已被他人修改，本次未保存。请刷新后再改"
OWN = "此项目您已保存过，这一页是保存前的旧内容"


@pytest.fixture
def project(client, personas, places):
    client.force_login(personas["alice"])
    assert client.post("/projects/new/", form_data(places)).status_code == 302
    return Project.objects.get(number="5002432021000777")


def opened_version(client, project) -> str:
    page = client.get(f"/projects/{project.pk}/edit/").content.decode()
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def test_the_edit_form_carries_the_latest_version(client, project):
    assert opened_version(client, project) == str(project.history.latest("history_id").history_id)


def test_a_save_on_a_stale_copy_is_refused_and_shows_what_changed(client, personas, project, places):
    url = f"/projects/{project.pk}/edit/"
    alice_version = opened_version(client, project)
    client.force_login(personas["carl"])  # the bureau opens the same form and saves first
    carl_version = opened_version(client, project)
    assert alice_version == carl_version
    data = form_data(places, version=carl_version, responsible_person="李四")
    assert client.post(url, data).status_code == 302
    client.force_login(personas["alice"])
    response = client.post(url, form_data(places, version=alice_version, proposed_measures="改为自营"))
    page = response.content.decode()
    assert response.status_code == 200 and STALE in page
    assert "责任人：张建国 → 李四" in page
    project.refresh_from_db()
    assert (project.responsible_person, project.proposed_measures) == ("李四", "完善利益联结机制")


def test_back_then_save_by_the_same_user_is_refused_the_same_way(client, project, places):
    url = f"/projects/{project.pk}/edit/"
    old = opened_version(client, project)
    assert client.post(url, form_data(places, version=old, responsible_person="王五")).status_code == 302
    response = client.post(url, form_data(places, version=old, responsible_person="赵六"))  # the old page again
    assert OWN in response.content.decode() and "责任人：张建国 → 王五" in response.content.decode()
    project.refresh_from_db()
    assert project.responsible_person == "王五"
    assert project.history.count() == 2


def test_a_fresh_copy_saves(client, project, places):
    url = f"/projects/{project.pk}/edit/"
    assert (
        client.post(url, form_data(places, version=opened_version(client, project), proposed_measures="A")).status_code
        == 302
    )
    assert (
        client.post(url, form_data(places, version=opened_version(client, project), proposed_measures="B")).status_code
        == 302
    )
    project.refresh_from_db()
    assert project.proposed_measures == "B"


def test_a_bad_version_is_a_form_error_not_a_crash(client, project, places):
    response = client.post(f"/projects/{project.pk}/edit/", form_data(places, version="abc", proposed_measures="X"))
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.proposed_measures == "完善利益联结机制"


def test_back_then_save_answers_with_the_stale_copy_not_its_old_totals(client, project, places):
    """The page gone Back to carries its old figures: the answer is that it is a stale copy
    and what to do, not a totals error beside a box that reads the right sum."""
    url = f"/projects/{project.pk}/edit/"
    old = opened_version(client, project)
    assert client.post(url, form_data(places, version=old, fund1_central="600000.00")).status_code == 302
    stale = form_data(places, version=old, fund1_central="700,000.00", fund1_total="800000.50")
    page = client.post(url, stale).content.decode()
    assert OWN in page and "请刷新后再改：重新打开本页" in page
    assert "合计与各项之和不符" not in page
    project.refresh_from_db()
    assert project.fund1_central == Decimal("600000.00")
