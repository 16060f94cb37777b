"""The notice is posted at two places (十四: "在项目实施主管单位和实施地分别进行公告"), each
with its date, place and photo; the five working days count from the later posting, and
the notice cannot close before both postings are recorded."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approvals import services
from approvals.choices import PostingPlace, Status
from approvals.models import NoticePosting
from tests.approvals.conftest import pdf, png

d = dt.date


@pytest.fixture
def notice(approved, level_project, personas):
    app = approved(level_project("township"))
    return services.notice_post(by=personas["alice"], applications=[app], posted_on=d(2025, 11, 3), contact="电话")


def _post(notice, by, where, on):
    return services.notice_posting_record(
        by=by, notice=notice, where=where, posted_on=on, place=f"{PostingPlace(where).label}公示栏", photo=png()
    )


def test_close_refused_until_both_postings_are_recorded(notice, personas):
    with pytest.raises(ValidationError, match="尚未登记项目实施主管单位、项目实施地的张贴情况"):
        services.notice_close(notice=notice, by=personas["alice"], today=d(2025, 12, 1))
    _post(notice, personas["alice"], PostingPlace.UNIT, d(2025, 11, 3))
    with pytest.raises(ValidationError, match="尚未登记项目实施地的张贴情况"):
        services.notice_close(notice=notice, by=personas["alice"], today=d(2025, 12, 1))
    assert notice.applications.get().status == Status.NOTICE
    _post(notice, personas["alice"], PostingPlace.SITE, d(2025, 11, 3))
    services.notice_close(notice=notice, by=personas["alice"], today=d(2025, 12, 1))
    app = notice.applications.get()
    assert app.status == Status.EFFECTIVE and app.project.classification == app.approved_class


def test_period_counts_from_the_later_posting(notice, personas):
    _post(notice, personas["alice"], PostingPlace.UNIT, d(2025, 11, 3))  # Monday
    notice.refresh_from_db()
    assert notice.ends_on == d(2025, 11, 10)
    _post(notice, personas["alice"], PostingPlace.SITE, d(2025, 11, 5))  # Wednesday, two days later
    notice.refresh_from_db()
    assert notice.ends_on == d(2025, 11, 12)
    with pytest.raises(ValidationError, match="2025-11-12"):
        services.notice_close(notice=notice, by=personas["alice"], today=d(2025, 11, 12))
    services.notice_close(notice=notice, by=personas["alice"], today=d(2025, 11, 13))
    assert notice.applications.get().status == Status.EFFECTIVE


def test_scheduled_close_waits_for_the_later_posting(notice, personas):
    _post(notice, personas["alice"], PostingPlace.UNIT, d(2025, 11, 3))
    _post(notice, personas["alice"], PostingPlace.SITE, d(2025, 11, 5))
    assert services.close_due_notices(today=d(2025, 11, 11)) == []
    assert services.close_due_notices(today=d(2025, 11, 13)) == [notice]


def test_photo_must_be_an_image(notice, personas):
    with pytest.raises(ValidationError, match="张贴照片只能是 JPEG 或 PNG"):
        services.notice_posting_record(
            by=personas["alice"], notice=notice, where="unit", posted_on=d(2025, 11, 3), place="公示栏", photo=pdf()
        )
    with pytest.raises(ValidationError, match="请上传张贴公示的照片"):
        services.notice_posting_record(
            by=personas["alice"], notice=notice, where="unit", posted_on=d(2025, 11, 3), place="公示栏", photo=None
        )
    assert not NoticePosting.objects.exists()


def test_posting_checks_its_date_place_and_unit(notice, personas):
    with pytest.raises(ValidationError, match="不能早于"):
        _post(notice, personas["alice"], PostingPlace.UNIT, d(2025, 11, 1))
    with pytest.raises(ValidationError, match="请选择张贴处"):
        services.notice_posting_record(
            by=personas["alice"], notice=notice, where="other", posted_on=d(2025, 11, 3), place="x", photo=png()
        )
    with pytest.raises(PermissionDenied):
        _post(notice, personas["bob"], PostingPlace.UNIT, d(2025, 11, 3))
    assert not NoticePosting.objects.exists()


def test_recording_a_place_again_replaces_its_posting(notice, personas):
    _post(notice, personas["alice"], PostingPlace.SITE, d(2025, 11, 3))
    _post(notice, personas["alice"], PostingPlace.SITE, d(2025, 11, 4))
    assert list(notice.postings.values_list("posted_on", flat=True)) == [d(2025, 11, 4)]


def test_posting_form_refuses_a_pdf_photo(notice, personas, as_user):
    r = as_user(personas["alice"]).post(
        f"/approvals/notices/{notice.pk}/postings/",
        {"where": "unit", "posted_on": "2025-11-03", "place": "公示栏", "photo": pdf()},
        follow=True,
    )
    assert r.status_code == 200 and "张贴照片只能是 JPEG 或 PNG" in r.content.decode()
    assert not NoticePosting.objects.exists()


def test_archive_keeps_the_photos_of_both_postings(notice, personas):
    from approvals.archive import approval_documents

    _post(notice, personas["alice"], PostingPlace.UNIT, d(2025, 11, 3))
    _post(notice, personas["alice"], PostingPlace.SITE, d(2025, 11, 5))
    photos = [doc for doc in approval_documents(None) if "公告张贴照片" in doc.filename]
    assert len(photos) == 2 and all(doc.filename.endswith(".png") for doc in photos)
    assert any("项目实施地" in doc.filename for doc in photos)
