"""Each step of an application tells exactly the users who must act next (approvals.route),
through the one writer of its status (approvals.services.common.move): the village committee
and the township along the route, the office at the county step, the preparers when it is
returned or takes effect, the submitting unit when the county has decided; an objection
tells the notice's unit and the office. Whoever acted is never told of their own act."""

import datetime as dt

import pytest

from approvals import services
from approvals.choices import Status
from ledger.choices import Role
from ledger.models import Notification, NotificationKind, User
from tests.approvals.conftest import file_app, png, post_notice
from tests.conftest import PASSWORD


def told(kind=None):
    """{username: [texts]} of the notifications written so far (of one kind)."""
    rows = Notification.objects.select_related("user").order_by("pk")
    if kind:
        rows = rows.filter(kind=kind)
    out: dict[str, list[str]] = {}
    for row in rows:
        out.setdefault(row.user.username, []).append(row.text)
    return out


@pytest.fixture
def colleagues(places):
    """A second user of 保家镇, of its first village, of the second village, and a retired
    (inactive) user of 保家镇."""
    return {
        "alice2": User.objects.create_user("alice2", password=PASSWORD, unit=places["baojia_unit"], role=Role.TOWNSHIP),
        "vera2": User.objects.create_user("vera2", password=PASSWORD, unit=places["village_unit"], role=Role.VILLAGE),
        "wendy": User.objects.create_user("wendy", password=PASSWORD, unit=places["village2_unit"], role=Role.VILLAGE),
        "gone": User.objects.create_user(
            "gone", password=PASSWORD, unit=places["baojia_unit"], role=Role.TOWNSHIP, is_active=False
        ),
    }


def test_filing_tells_the_village_committee_of_the_projects_village(personas, level_project, colleagues):
    app = services.application_create(by=personas["alice"], project=level_project("village"))
    assert Notification.objects.count() == 0  # creating asks nobody to act
    file_app(by=personas["alice"], application=app)
    notes = told(NotificationKind.STEP)
    assert set(notes) == {"vera", "vera2"}  # not wendy (another village), not alice who filed
    assert "待村委会意见" in notes["vera"][0]
    note = Notification.objects.get(user=personas["vera"])
    assert note.url == f"/approvals/{app.pk}/" and note.read_at is None


def test_the_village_opinion_tells_the_township_and_its_submission_the_office(
    personas, level_project, colleagues, party_meeting
):
    app = services.application_create(by=personas["alice"], project=level_project("village"))
    file_app(by=personas["alice"], application=app)
    Notification.objects.all().delete()
    services.application_agree(by=personas["vera"], application=app, text="同意", seal=png())
    assert set(told(NotificationKind.STEP)) == {"alice", "alice2"}  # not bob (another township), not gone
    Notification.objects.all().delete()
    services.application_agree(
        by=personas["alice"],
        application=app,
        text="同意报送",
        seal=png(),
        party_meeting=party_meeting(personas["alice"]),
    )
    app.refresh_from_db()
    assert app.status == Status.COUNTY
    assert set(told(NotificationKind.STEP)) == {"olga"}


def test_a_department_application_reaches_the_department_after_the_township(personas, level_project):
    app = services.application_create(by=personas["dora"], project=level_project("department"))
    file_app(by=personas["dora"], application=app)
    assert set(told(NotificationKind.STEP)) == {"vera"}
    services.application_agree(by=personas["vera"], application=app, text="同意", seal=png())
    services.application_agree(by=personas["alice"], application=app, text="同意", seal=png())
    notes = told(NotificationKind.STEP)
    assert set(notes) == {"vera", "alice", "dora"} and "待主管部门党组研究报送" in notes["dora"][0]
    assert "dan" not in notes  # another department


def test_a_return_tells_the_preparers_with_the_reason(personas, level_project, colleagues):
    app = services.application_create(by=personas["alice"], project=level_project("village"))
    file_app(by=personas["alice"], application=app)
    services.application_return(by=personas["vera"], application=app, reason="收益分配情况与实际不符")
    notes = told(NotificationKind.RETURNED)
    # village-level: prepared by the township with the village (十二); vera returned it
    assert set(notes) == {"alice", "alice2", "vera2"}
    assert notes["alice"] == [f"“{app.project.name}”（{app.project.number}）的分类申请被退回：收益分配情况与实际不符"]


def test_the_decision_tells_the_submitting_unit_and_the_end_of_the_notice_the_preparers(
    personas, approved, level_project, colleagues
):
    app = approved(level_project("village"))
    assert set(told(NotificationKind.DECIDED)) == {"alice", "alice2"}  # the township posts the notice
    notice = post_notice(
        by=personas["alice"], applications=[app], posted_on=dt.date(2025, 9, 30), contact="电话 023-78441234"
    )
    assert set(told(NotificationKind.NOTICE_POSTED)) == {"alice2", "vera", "vera2"}
    services.notice_close(notice=notice, by=None, today=dt.date(2025, 10, 15))  # by the schedule: everyone is told
    notes = told(NotificationKind.NOTICE_ENDED)
    assert set(notes) == {"alice", "alice2", "vera", "vera2"} and "分类生效" in notes["vera"][0]


def test_an_objection_tells_the_notices_unit_and_the_office(personas, approved, level_project, colleagues):
    app = approved(level_project("village"))
    notice = post_notice(
        by=personas["alice"], applications=[app], posted_on=dt.date(2025, 9, 30), contact="电话 023-78441234"
    )
    services.objection_record(
        by=personas["alice"], notice=notice, received_on=dt.date(2025, 10, 2), submitter="村民甲", text="分红未到位"
    )
    notes = told(NotificationKind.OBJECTION)
    assert set(notes) == {"alice2", "olga"} and "村民甲" in notes["olga"][0]
    assert notes["olga"] and Notification.objects.get(user=personas["olga"], kind="objection").url == (
        f"/approvals/notices/{notice.pk}/"
    )


def test_the_bar_counts_what_waits_for_the_office(client, personas, to_county, level_project):
    to_county(level_project("village"))
    client.force_login(personas["olga"])
    page = client.get("/").content.decode()
    assert 'id="todo-count">1</span>' in page and "待县领导小组审定1项" in page
    assert 'id="unread-count">1</span>' in page  # the application reached the county step
    client.force_login(personas["bob"])
    page = client.get("/").content.decode()
    # another township: only its own week's report waits (二十二), no application
    assert 'title="本周周调度待报送1项"' in page and "unread-count" not in page
