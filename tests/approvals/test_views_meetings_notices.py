"""Meeting pages (batch decision, decision letter) and notice pages (post, print, objection, close)."""

import datetime as dt

import pytest

from approvals import services
from approvals.choices import Status
from tests.approvals.conftest import png, post_notice
from tests.conftest import PASSWORD


@pytest.fixture
def as_user(client):
    def login(user):
        client.logout()
        assert client.login(username=user.username, password=PASSWORD)
        return client

    return login


def decisions(*rows, action="confirm"):
    """The county's batch form as the browser posts it: one form per application, sent with
    the preview's 确认登记 unless told otherwise."""
    data = {"decide-TOTAL_FORMS": len(rows), "decide-INITIAL_FORMS": len(rows), "action": action}
    for i, row in enumerate(rows):
        data.update({f"decide-{i}-{name}": value for name, value in row.items()})
    return data


def test_county_batch_by_post_and_letter(as_user, to_county, level_project, personas, county_meeting):
    a = to_county(level_project("village"))
    b = to_county(level_project("department"))
    meeting = county_meeting()
    c = as_user(personas["olga"])
    body = c.get(f"/approvals/meetings/{meeting.pk}/").content.decode()
    assert a.project.name in body and 'id="decide-button"' in body
    c.post(
        f"/approvals/meetings/{meeting.pk}/decide/",
        decisions(
            {"application": a.pk, "outcome": "approve", "classification": "consolidate", "measures": ""},
            {"application": b.pk, "outcome": "return", "text": "请补充调研报告"},
        ),
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.status == Status.APPROVED and b.status == Status.PREPARING
    sent = meeting.letters.get(unit=a.submitting_unit)
    letter = as_user(personas["alice"]).get(f"/approvals/letters/{sent.pk}/")
    assert letter.status_code == 200 and a.project.number in letter.content.decode()
    assert b.project.number not in letter.content.decode()
    assert as_user(personas["bob"]).get(f"/approvals/letters/{sent.pk}/").status_code == 404


def test_decide_refused_to_township(as_user, to_county, level_project, personas, county_meeting):
    a = to_county(level_project("village"))
    meeting = county_meeting()
    r = as_user(personas["alice"]).post(
        f"/approvals/meetings/{meeting.pk}/decide/", decisions({"application": a.pk, "outcome": "approve"})
    )
    assert r.status_code == 403


def test_county_batch_form_has_one_form_per_pending_application(
    as_user, to_county, level_project, personas, county_meeting
):
    a = to_county(level_project("village", "upgrade"))
    meeting = county_meeting()
    body = as_user(personas["olga"]).get(f"/approvals/meetings/{meeting.pk}/").content.decode()
    assert 'name="decide-TOTAL_FORMS" value="1"' in body
    assert f'data-application="{a.pk}"' in body and f'name="decide-0-application" value="{a.pk}"' in body
    assert '<option value="upgrade" selected>' in body  # the class applied for, by default
    assert '<option value="skip" selected>' in body  # nothing is decided unless chosen


def test_county_batch_skips_and_ignores_applications_not_at_the_county(
    as_user, to_county, level_project, personas, county_meeting
):
    a = to_county(level_project("village"))
    b = to_county(level_project("township"))
    draft = services.application_create(by=personas["alice"], project=level_project("village"))
    meeting = county_meeting()
    r = as_user(personas["olga"]).post(
        f"/approvals/meetings/{meeting.pk}/decide/",
        decisions(
            {"application": a.pk, "outcome": "approve"},
            {"application": b.pk, "outcome": "skip"},
            {"application": draft.pk, "outcome": "approve"},
        ),
        follow=True,
    )
    for app in (a, b, draft):
        app.refresh_from_db()
    assert (a.status, b.status, draft.status) == (Status.APPROVED, Status.COUNTY, Status.PREPARING)
    assert "已登记 1 个申请的审定结果。" in r.content.decode()


def test_county_batch_shows_the_services_refusal(as_user, to_county, level_project, personas, county_meeting):
    a = to_county(level_project("village"))
    meeting = county_meeting()
    r = as_user(personas["olga"]).post(
        f"/approvals/meetings/{meeting.pk}/decide/",
        decisions({"application": a.pk, "outcome": "return", "text": ""}),
        follow=True,
    )
    a.refresh_from_db()
    assert a.status == Status.COUNTY and "退回须填写理由" in r.content.decode()


def test_county_batch_refuses_a_form_without_its_management_data(
    as_user, to_county, level_project, personas, county_meeting
):
    a = to_county(level_project("village"))
    meeting = county_meeting()
    r = as_user(personas["olga"]).post(
        f"/approvals/meetings/{meeting.pk}/decide/", {"decide-0-application": a.pk, "decide-0-outcome": "approve"}
    )
    a.refresh_from_db()
    assert r.status_code == 302 and a.status == Status.COUNTY


def test_meeting_registration_page(as_user, personas):
    from approvals.models import Meeting

    c = as_user(personas["alice"])
    r = c.post("/approvals/meetings/", {"kind": "party", "date": "2023-11-18", "title": "镇党委会"})
    assert r.status_code == 302 and Meeting.objects.get().unit == personas["alice"].unit
    # a kind not offered to the unit is refused by the form
    r = c.post("/approvals/meetings/", {"kind": "county", "date": "2023-11-18", "title": "越权"}, follow=True)
    assert "所选的项不在可选范围内" in r.content.decode() and Meeting.objects.count() == 1


def test_notice_pages(as_user, approved, level_project, personas):
    app = approved(level_project("village"))
    c = as_user(personas["alice"])
    r = c.post(
        "/approvals/notices/",
        {
            "applications": [app.pk],
            "posted_on": "2025-09-30",
            "places": "保家镇公示栏、项目所在地",
            "contact": "保家镇党政办 023-78441234",
        },
    )
    app.refresh_from_db()
    assert r.status_code == 302 and app.status == Status.NOTICE
    notice = app.notice
    body = c.get(f"/approvals/notices/{notice.pk}/print/").content.decode()
    assert "2025年9月30日至2025年10月14日" in body and app.project.name in body and "巩固" in body
    assert "023-78441234" in body
    c.post(
        f"/approvals/notices/{notice.pk}/objections/",
        {"received_on": "2025-10-09", "submitter": "村民", "text": "有异议", "application": app.pk},
    )
    r = c.post(f"/approvals/notices/{notice.pk}/close/", follow=True)
    assert "尚未登记项目实施主管单位、项目实施地的张贴情况" in r.content.decode()
    for where, on in (("unit", "2025-09-30"), ("site", "2025-09-30")):
        r = c.post(
            f"/approvals/notices/{notice.pk}/postings/",
            {"where": where, "posted_on": on, "place": "公示栏", "photo": png()},
        )
        assert r.status_code == 302
    assert notice.postings.count() == 2
    body = c.get(f"/approvals/notices/{notice.pk}/").content.decode()
    assert 'id="postings"' in body and "项目实施地" in body
    photo = c.get(f"/approvals/files/posting/{notice.postings.first().pk}/")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    r = c.post(f"/approvals/notices/{notice.pk}/close/", follow=True)
    assert "尚有未处理的异议" in r.content.decode()
    obj = notice.objections.get()
    c.post(f"/approvals/objections/{obj.pk}/resolve/", {"resolution": "已解释说明"})
    r = c.post(f"/approvals/notices/{notice.pk}/close/", follow=True)
    app.refresh_from_db()
    assert app.status == Status.EFFECTIVE and "公示已结束" in r.content.decode()
    assert as_user(personas["bob"]).get(f"/approvals/files/posting/{notice.postings.first().pk}/").status_code == 404


def test_notice_page_warns_for_unknown_year(as_user, approved, level_project, personas):
    app = approved(level_project("village"))
    notice = post_notice(by=personas["alice"], applications=[app], posted_on=dt.date(2026, 12, 28), contact="x")
    body = as_user(personas["alice"]).get(f"/approvals/notices/{notice.pk}/").content.decode()
    assert 'id="calendar-warning"' in body and "2027年" in body
    assert as_user(personas["bob"]).get(f"/approvals/notices/{notice.pk}/").status_code == 404


def test_timetable_for_county_only(as_user, level_project, personas):
    from approvals.models import Application, Round

    rnd = Round.objects.get(year=2023)
    app = services.application_create(by=personas["alice"], project=level_project("village"))
    Application.objects.filter(pk=app.pk).update(round=rnd)
    body = as_user(personas["carl"]).get("/approvals/timetable/?year=2023").content.decode()
    assert "保家镇人民政府" in body and 'class="table-warning"' in body and "2023-11-21" in body
    assert as_user(personas["alice"]).get("/approvals/timetable/?year=2023").status_code == 403


def test_inbox_links_the_timetable_for_the_county_only(as_user, personas):
    assert "/approvals/timetable/" in as_user(personas["carl"]).get("/approvals/").content.decode()
    assert "/approvals/timetable/" not in as_user(personas["alice"]).get("/approvals/").content.decode()
