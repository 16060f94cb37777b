"""The data-scope rule at the pages: every role against projects of other units (the
rule itself is tested in test_access.py)."""

import pytest

from tests.ledger.conftest import SEES


@pytest.mark.parametrize("who", SEES)
def test_each_role_gets_404_for_projects_outside_its_scope(who, personas, projects, client):
    client.force_login(personas[who])
    for key, project in projects.items():
        response = client.get(f"/projects/{project.pk}/")
        expected = 200 if key in SEES[who] else 404
        assert response.status_code == expected, (who, key)
        if expected == 404:
            assert project.name.encode() not in response.content


def test_anonymous_is_sent_to_log_in(client, projects):
    for url in ("/", "/projects/", f"/projects/{projects['baojia_village'].pk}/", "/projects/new/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
