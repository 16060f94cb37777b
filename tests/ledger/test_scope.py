"""The data-scope rule (FORMS.md §1): every role against projects of other units."""

import pytest

from ledger.access import can_edit_project, projects_for


@pytest.fixture
def projects(make_project, places):
    return {
        # village-level, in the first village of 保家镇
        "baojia_village": make_project(),
        # township-level, in the second village of 保家镇
        "baojia_township": make_project(
            managing_level="township", managing_unit=places["baojia_unit"], village=places["baojia_village2"]
        ),
        # department (agriculture) project located in 汉葭街道
        "agri_hanjia": make_project(
            managing_level="department",
            managing_unit=places["agri"],
            township=places["hanjia"],
            village=places["hanjia_village"],
        ),
        # village-level in 汉葭街道
        "hanjia_village": make_project(
            township=places["hanjia"], village=places["hanjia_village"], managing_unit=places["hanjia_village_unit"]
        ),
    }


EXPECTED = {
    "alice": {"baojia_village", "baojia_township"},
    "bob": {"agri_hanjia", "hanjia_village"},
    "vera": {"baojia_village"},
    "dora": {"agri_hanjia"},
    "dan": set(),
    "carl": {"baojia_village", "baojia_township", "agri_hanjia", "hanjia_village"},
    "olga": {"baojia_village", "baojia_township", "agri_hanjia", "hanjia_village"},
    "rita": {"baojia_village", "baojia_township", "agri_hanjia", "hanjia_village"},
    "admin": {"baojia_village", "baojia_township", "agri_hanjia", "hanjia_village"},
}


@pytest.mark.parametrize("who", EXPECTED)
def test_each_role_sees_exactly_its_scope(who, personas, projects):
    seen = set(projects_for(personas[who]).values_list("pk", flat=True))
    assert seen == {projects[k].pk for k in EXPECTED[who]}


@pytest.mark.parametrize("who", EXPECTED)
def test_each_role_gets_404_for_projects_outside_its_scope(who, personas, projects, client):
    client.force_login(personas[who])
    for key, project in projects.items():
        response = client.get(f"/projects/{project.pk}/")
        expected = 200 if key in EXPECTED[who] else 404
        assert response.status_code == expected, (who, key)
        if expected == 404:
            assert project.name.encode() not in response.content


def test_user_without_unit_sees_nothing(db, projects):
    from ledger.models import User

    nobody = User.objects.create_user("nobody", password="x")
    assert projects_for(nobody).count() == 0


def test_read_only_roles_cannot_edit(personas, projects):
    for who in ("olga", "rita"):
        assert not can_edit_project(personas[who], projects["baojia_village"])
    assert can_edit_project(personas["carl"], projects["baojia_village"])
    assert can_edit_project(personas["alice"], projects["baojia_township"])
    assert can_edit_project(personas["vera"], projects["baojia_village"])
    assert not can_edit_project(personas["alice"], projects["hanjia_village"])


def test_village_cannot_edit_the_township_project_in_its_village(personas, projects, places, make_project):
    township_project = make_project(managing_level="township", managing_unit=places["baojia_unit"])
    assert township_project in projects_for(personas["vera"])
    assert not can_edit_project(personas["vera"], township_project)


def test_anonymous_is_sent_to_log_in(client, projects):
    for url in ("/", "/projects/", f"/projects/{projects['baojia_village'].pk}/", "/projects/new/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
