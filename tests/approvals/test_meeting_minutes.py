"""A meeting counts only with its minutes (十三, 十四: 形成会议纪要): a party-committee
meeting without them cannot serve a submission, a county meeting cannot record decisions;
uploading them later, on the meeting's page, makes the meeting usable."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approvals import services
from approvals.choices import MeetingKind, Status
from tests.approvals.conftest import file_app, pdf, png


def _meeting(by, kind=MeetingKind.PARTY, minutes=None):
    return services.meeting_create(
        by=by, kind=kind, date=dt.date(2023, 11, 18), title="会议", number="1号", minutes=minutes
    )


@pytest.fixture
def at_township(level_project, personas):
    """A township-level application at the township's submission (十三)."""
    app = services.application_create(by=personas["alice"], project=level_project("township"))
    file_app(by=personas["alice"], application=app)
    services.application_agree(by=personas["vera"], application=app, text="同意", seal=png())
    app.refresh_from_db()
    assert app.status == Status.TOWNSHIP
    return app


def test_party_meeting_without_minutes_cannot_serve_the_submission(at_township, personas):
    meeting = _meeting(personas["alice"])
    with pytest.raises(ValidationError, match="尚未上传会议纪要"):
        services.application_agree(
            by=personas["alice"], application=at_township, text="同意报送", seal=png(), party_meeting=meeting
        )
    at_township.refresh_from_db()
    assert at_township.status == Status.TOWNSHIP and at_township.party_meeting is None


def test_minutes_uploaded_later_make_the_party_meeting_usable(at_township, personas):
    meeting = _meeting(personas["alice"])
    services.meeting_minutes_upload(by=personas["alice"], meeting=meeting, minutes=pdf())
    services.application_agree(
        by=personas["alice"], application=at_township, text="同意报送", seal=png(), party_meeting=meeting
    )
    at_township.refresh_from_db()
    assert at_township.status == Status.COUNTY and at_township.party_meeting == meeting


def test_county_meeting_without_minutes_cannot_record_decisions(to_county, level_project, personas):
    app = to_county(level_project("township"))
    meeting = _meeting(personas["olga"], kind=MeetingKind.COUNTY)
    with pytest.raises(ValidationError, match="县领导小组会议须先上传会议纪要，方可登记审定结果。"):
        services.county_decide(
            by=personas["olga"], meeting=meeting, items=[services.Item(application=app, approve=True)]
        )
    app.refresh_from_db()
    assert app.status == Status.COUNTY
    services.meeting_minutes_upload(by=personas["olga"], meeting=meeting, minutes=pdf())
    services.county_decide(by=personas["olga"], meeting=meeting, items=[services.Item(application=app, approve=True)])
    app.refresh_from_db()
    assert app.status == Status.APPROVED and app.county_meeting == meeting


def test_minutes_upload_refused_to_another_unit_and_checked(personas):
    meeting = _meeting(personas["alice"])
    with pytest.raises(PermissionDenied):
        services.meeting_minutes_upload(by=personas["bob"], meeting=meeting, minutes=pdf())
    with pytest.raises(ValidationError, match="请上传会议纪要"):
        services.meeting_minutes_upload(by=personas["alice"], meeting=meeting, minutes=None)
    meeting.refresh_from_db()
    assert not meeting.minutes


def test_meeting_page_uploads_the_minutes(as_user, personas):
    meeting = _meeting(personas["alice"])
    c = as_user(personas["alice"])
    body = c.get(f"/approvals/meetings/{meeting.pk}/").content.decode()
    assert 'id="minutes-missing"' in body and "上传纪要后方可用于报送" in body
    r = c.post(f"/approvals/meetings/{meeting.pk}/minutes/", {"minutes": pdf()})
    assert r.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes
    body = c.get(f"/approvals/meetings/{meeting.pk}/").content.decode()
    assert 'id="minutes-missing"' not in body and "会议纪要" in body


def test_meeting_page_refuses_an_upload_without_a_file(as_user, personas):
    meeting = _meeting(personas["alice"])
    r = as_user(personas["alice"]).post(f"/approvals/meetings/{meeting.pk}/minutes/", {}, follow=True)
    assert r.status_code == 200 and "会议纪要" in r.content.decode()
    meeting.refresh_from_db()
    assert not meeting.minutes
