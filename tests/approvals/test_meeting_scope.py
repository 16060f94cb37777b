"""A county meeting decides every unit's applications: its page shows a unit only the rows
of its own projects (the county's roles all), its letters only the unit's own, and its
minutes, one file covering every unit, are downloaded by the county's roles only."""

import pytest

from approvals import services
from approvals.models import Application, DecisionLetter


@pytest.fixture
def decided(to_county, level_project, personas, places, county_meeting):
    """A county meeting that decided a village-level project of a village of 保家镇 and a
    project of 县农业农村委 located in 保家镇 (no village)."""
    a = to_county(level_project("village", name="保家村级甲项目"))
    b = to_county(level_project("department", name="农业部门乙项目", village=None))
    meeting = county_meeting()
    services.county_decide(
        by=personas["olga"],
        meeting=meeting,
        items=[
            services.Item(application=a, approve=True, classification="consolidate", measures="", text="同意"),
            services.Item(application=b, approve=True, classification="consolidate", measures="", text="同意"),
        ],
    )
    return meeting, Application.objects.get(pk=a.pk), Application.objects.get(pk=b.pk)


def _letter(meeting, app) -> str:
    """The address of the county's letter (批复) to the unit that submitted `app`."""
    letter = DecisionLetter.objects.get(meeting=meeting, unit_id=app.submitting_unit_id)
    return f"/approvals/letters/{letter.pk}/"


def _page(as_user, user, meeting):
    response = as_user(user).get(f"/approvals/meetings/{meeting.pk}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", ["olga", "carl", "rita", "admin"])
def test_county_roles_see_every_units_rows(who, decided, as_user, personas):
    meeting, a, b = decided
    body = _page(as_user, personas[who], meeting)
    assert "保家村级甲项目" in body and "农业部门乙项目" in body
    assert _letter(meeting, a) in body and _letter(meeting, b) in body
    assert f"/approvals/files/minutes/{meeting.pk}/" in body


def test_township_sees_the_rows_of_projects_located_in_it(decided, as_user, personas):
    meeting, _a, _b = decided
    body = _page(as_user, personas["alice"], meeting)
    assert "保家村级甲项目" in body and "农业部门乙项目" in body
    assert "/approvals/files/minutes/" not in body


@pytest.mark.parametrize("who", ["bob", "dan"])
def test_unit_without_projects_on_it_sees_no_row(who, decided, as_user, personas):
    meeting, _a, _b = decided
    body = _page(as_user, personas[who], meeting)
    assert "保家村级甲项目" not in body and "农业部门乙项目" not in body and "尚未登记审定结果" in body
    assert "/approvals/letters/" not in body and "/approvals/files/minutes/" not in body


def test_department_sees_only_its_own_projects_rows(decided, as_user, personas):
    meeting, a, _b = decided
    body = _page(as_user, personas["dora"], meeting)
    assert "农业部门乙项目" in body and "保家村级甲项目" not in body
    assert _letter(meeting, a) not in body and _letter(meeting, _b) in body


def test_village_sees_its_village_project_only(decided, as_user, personas):
    meeting, a, b = decided
    body = _page(as_user, personas["vera"], meeting)
    assert "保家村级甲项目" in body and "农业部门乙项目" not in body
    assert _letter(meeting, b) not in body and _letter(meeting, a) not in body  # the letter is the township's


@pytest.mark.parametrize("who", ["alice", "bob", "vera", "dora", "dan"])
def test_units_cannot_download_the_county_minutes(who, decided, as_user, personas):
    meeting, _, _ = decided
    assert as_user(personas[who]).get(f"/approvals/files/minutes/{meeting.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["olga", "carl", "rita"])
def test_county_roles_download_the_county_minutes(who, decided, as_user, personas):
    meeting, _, _ = decided
    response = as_user(personas[who]).get(f"/approvals/files/minutes/{meeting.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_unit_downloads_its_own_party_meeting_minutes(party_meeting, as_user, personas):
    meeting = party_meeting(personas["alice"])
    assert as_user(personas["alice"]).get(f"/approvals/files/minutes/{meeting.pk}/").status_code == 200
    assert as_user(personas["bob"]).get(f"/approvals/files/minutes/{meeting.pk}/").status_code == 404
