"""Re-classification after disposal is a filing (十五): the unit files the re-filled form
with its party committee's minutes and the effect evaluation (报送备案); the leading-group
office records it (备案) and the new class is in force then, with no second public notice."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approvals import services
from approvals.choices import ApplicationKind, MeetingKind, Status
from approvals.models import Notice, Transition
from approvals.selectors import effective_class
from tests.approvals.conftest import pdf

d = dt.date


@pytest.fixture
def refiling(effective, level_project, personas):
    """A re-classification (to 盘活) started after the first round was disposed of and evaluated."""
    app = effective(level_project("township"))
    services.application_complete(by=personas["alice"], application=app, text="措施全部落实", on=d(2025, 12, 1))
    services.application_evaluate(by=personas["alice"], application=app, text="效果评估：停产", on=d(2025, 12, 5))
    project = app.project
    project.production_status, project.use_state, project.reason_price = "halted", "idle", True
    project.revitalise_support = "申请衔接资金20万元维修设施，协调信贷贴息政策"
    project.classification = ""
    project.save()
    return services.application_create(by=personas["alice"], project=project, classification="revitalise")


def _meeting(by, minutes=True):
    return services.meeting_create(
        by=by,
        kind=MeetingKind.PARTY,
        date=d(2025, 12, 10),
        title="镇党委会（重新分类）",
        minutes=pdf() if minutes else None,
    )


def test_a_new_round_after_evaluation_is_a_refiling(refiling):
    assert refiling.kind == ApplicationKind.REFILING and refiling.sequence == 2
    assert refiling.status == Status.PREPARING


def test_refiling_cannot_take_the_full_route(refiling, personas):
    with pytest.raises(ValidationError, match=r"重新分类备案.*不能报送"):
        services.application_file(by=personas["alice"], application=refiling)
    refiling.refresh_from_db()
    assert refiling.status == Status.PREPARING


def test_a_first_classification_cannot_be_filed_for_the_record(level_project, personas):
    app = services.application_create(by=personas["alice"], project=level_project("township"))
    assert app.kind == ApplicationKind.CLASSIFICATION
    with pytest.raises(ValidationError, match="不能报送备案"):
        services.refiling_file(by=personas["alice"], application=app, party_meeting=_meeting(personas["alice"]))


def test_filing_for_the_record_needs_a_party_meeting_with_minutes(refiling, personas):
    with pytest.raises(ValidationError, match="报送备案前须经本单位党组\\(委\\)会研究"):
        services.refiling_file(by=personas["alice"], application=refiling, party_meeting=None)
    bare = _meeting(personas["alice"], minutes=False)
    with pytest.raises(ValidationError, match="尚未上传会议纪要"):
        services.refiling_file(by=personas["alice"], application=refiling, party_meeting=bare)
    services.meeting_minutes_upload(by=personas["alice"], meeting=bare, minutes=pdf())
    services.refiling_file(by=personas["alice"], application=refiling, party_meeting=bare)
    refiling.refresh_from_db()
    assert refiling.status == Status.RECORD_FILED and refiling.party_meeting == bare


def test_filing_for_the_record_needs_the_effect_evaluation(refiling, personas):
    type(refiling.previous).objects.filter(pk=refiling.previous_id).update(evaluation="")
    with pytest.raises(ValidationError, match="效果评估"):
        services.refiling_file(by=personas["alice"], application=refiling, party_meeting=_meeting(personas["alice"]))


def test_recording_puts_the_new_class_in_force_with_no_notice(refiling, personas):
    notices = Notice.objects.count()
    services.refiling_file(by=personas["alice"], application=refiling, party_meeting=_meeting(personas["alice"]))
    assert effective_class(refiling.project) == "consolidate"  # the old class holds until recorded
    with pytest.raises(PermissionDenied, match="只有县领导小组办公室"):
        services.refiling_record(by=personas["alice"], application=refiling)
    services.refiling_record(by=personas["olga"], application=refiling, text="材料齐全，予以备案")
    refiling.refresh_from_db()
    refiling.project.refresh_from_db()
    assert refiling.status == Status.EFFECTIVE and refiling.approved_class == "revitalise"
    assert refiling.effective_on is not None and refiling.notice is None
    assert refiling.project.classification == "revitalise"
    assert Notice.objects.count() == notices
    actions = list(Transition.objects.filter(application=refiling).values_list("action", flat=True))
    assert actions == ["create", "file_record", "record"]
    # disposal goes on as for any class in effect
    services.progress_add(
        by=personas["alice"], application=refiling, date=d(2025, 12, 20), text="招引新主体", percent=20
    )


def test_filing_for_the_record_freezes_the_re_filled_form(refiling, personas, as_user):
    services.refiling_file(by=personas["alice"], application=refiling, party_meeting=_meeting(personas["alice"]))
    copy = refiling.copies.get()
    assert copy.number == 1 and copy.data["classification"] == "revitalise"
    page = as_user(personas["alice"]).get(f"/approvals/{refiling.pk}/print/")
    html = page.content.decode()
    assert page.status_code == 200 and "第1次报送" in html and "盘活☑" in html


def test_withdraw_while_awaiting_the_record(refiling, personas):
    services.refiling_file(by=personas["alice"], application=refiling, party_meeting=_meeting(personas["alice"]))
    services.application_withdraw(by=personas["alice"], application=refiling, reason="材料需补充")
    refiling.refresh_from_db()
    assert refiling.status == Status.WITHDRAWN
    with pytest.raises(ValidationError, match="不能备案"):
        services.refiling_record(by=personas["olga"], application=refiling)


def test_refiling_through_the_pages(refiling, personas, as_user):
    meeting = _meeting(personas["alice"])
    c = as_user(personas["alice"])
    body = c.get(f"/approvals/{refiling.pk}/").content.decode()
    assert 'id="file-record-form"' in body and 'id="file-button"' not in body and "县领导小组办公室备案" in body
    r = c.post(f"/approvals/{refiling.pk}/file-record/", {"party_meeting": meeting.pk, "text": ""})
    assert r.status_code == 302
    refiling.refresh_from_db()
    assert refiling.status == Status.RECORD_FILED
    c = as_user(personas["olga"])
    assert refiling.project.name in c.get("/approvals/").content.decode()
    assert 'id="record-form"' in c.get(f"/approvals/{refiling.pk}/").content.decode()
    r = c.post(f"/approvals/{refiling.pk}/record/", {"text": "予以备案"}, follow=True)
    assert r.status_code == 200 and "已备案，新分类生效。" in r.content.decode()
    refiling.refresh_from_db()
    assert refiling.status == Status.EFFECTIVE


def test_file_record_page_refuses_no_meeting(refiling, personas, as_user):
    r = as_user(personas["alice"]).post(f"/approvals/{refiling.pk}/file-record/", {}, follow=True)
    assert r.status_code == 200 and "党组（委）会" in r.content.decode()
    refiling.refresh_from_db()
    assert refiling.status == Status.PREPARING
