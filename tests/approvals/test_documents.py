"""Documents, plans and joint reviews; uploads checked by content and size."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from approvals import services
from approvals.choices import DocumentKind
from approvals.models import Document, JointReview, Meeting, Opinion
from tests.approvals.conftest import PNG, file_app, pdf, png

pytestmark = pytest.mark.stored_files  # on disk and on an in-memory storage (D123)


@pytest.fixture
def filed(level_project, personas):
    app = services.application_create(by=personas["alice"], project=level_project("township", "rebuild"))
    services.document_add(
        by=personas["alice"], application=app, kind=DocumentKind.EVALUATION_REPORT, title="评估报告", file=pdf()
    )
    file_app(by=personas["alice"], application=app)
    return app


def test_wrong_type_refused_by_content_not_name(filed, personas):
    fake = SimpleUploadedFile("seal.png", b"MZ\x90\x00 not an image", content_type="image/png")
    with pytest.raises(ValidationError, match="PDF、JPEG 或 PNG"):
        services.application_agree(by=personas["vera"], application=filed, text="同意", seal=fake)
    assert not Opinion.objects.exists()


def test_real_png_with_odd_name_accepted(filed, personas):
    services.application_agree(
        by=personas["vera"],
        application=filed,
        text="同意",
        seal=SimpleUploadedFile("scan.exe", PNG, content_type="application/octet-stream"),
    )
    assert Opinion.objects.count() == 1


def test_jpeg_accepted(filed, personas):
    jpeg = SimpleUploadedFile("a.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 32)
    services.application_agree(by=personas["vera"], application=filed, text="同意", seal=jpeg)
    assert Opinion.objects.count() == 1


def test_too_large_refused(filed, personas, settings):
    settings.UPLOAD_MAX_MB = 1
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * (1024 * 1024))
    with pytest.raises(ValidationError, match="不能超过 1 MB"):
        services.application_agree(by=personas["vera"], application=filed, text="同意", seal=big)


def test_meeting_minutes_checked(personas):
    with pytest.raises(ValidationError, match="会议纪要"):
        services.meeting_create(
            by=personas["alice"],
            kind="party",
            date="2023-11-18",
            title="党委会",
            minutes=SimpleUploadedFile("m.pdf", b"<html>"),
        )
    assert not Meeting.objects.exists()


def test_document_add_by_preparer(filed, personas):
    doc = services.document_add(
        by=personas["alice"], application=filed, kind=DocumentKind.EVALUATION_REPORT, title="评估报告", file=pdf()
    )
    assert doc.file.read().startswith(b"%PDF")


def test_document_add_refused_to_others(filed, personas):
    with pytest.raises(PermissionDenied):
        services.document_add(by=personas["bob"], application=filed, kind=DocumentKind.OTHER, title="x", text="y")


def test_rebuild_plan_only_after_decision(filed, personas):
    with pytest.raises(ValidationError, match="审定之后"):
        services.document_add(
            by=personas["alice"], application=filed, kind=DocumentKind.REBUILD_PLAN, title="重建方案", file=pdf()
        )
    assert not Document.objects.filter(kind=DocumentKind.REBUILD_PLAN).exists()


def test_joint_review_by_reviewers(filed, reviewers):
    for r in reviewers:
        services.joint_review_save(by=r, application=filed, text="同意")
    services.joint_review_save(by=reviewers[0], application=filed, text="修改后的意见")
    assert JointReview.objects.count() == 3
    assert JointReview.objects.get(unit=reviewers[0].unit).text == "修改后的意见"


def test_joint_review_refused_to_non_reviewers(filed, personas):
    with pytest.raises(PermissionDenied):
        services.joint_review_save(by=personas["alice"], application=filed, text="同意")


def test_joint_review_on_any_class(level_project, personas):
    app = services.application_create(by=personas["alice"], project=level_project("township"))
    services.joint_review_save(by=personas["rita"], application=app, text="同意")
    assert JointReview.objects.get(application=app).unit == personas["rita"].unit


def test_revitalisation_plan_only_for_revitalise(filed, personas):
    with pytest.raises(ValidationError, match="盘活"):
        services.revitalisation_plan_save(
            by=personas["alice"], application=filed, cause="a", resources="b", measures="c"
        )


def test_revitalisation_plan_needs_its_three_parts(level_project, personas):
    app = services.application_create(by=personas["alice"], project=level_project("township", "revitalise"))
    with pytest.raises(ValidationError, match="资源资产"):
        services.revitalisation_plan_save(
            by=personas["alice"], application=app, cause="a", resources="", measures="c", file=png()
        )


def test_rebuild_plan_records_whose_views_were_sought(approved, level_project, personas):
    from tests.approvals.conftest import CONSULTED

    app = approved(level_project("township", "rebuild"))
    with pytest.raises(ValidationError, match="请填写征求村、农户意见的日期"):
        services.document_add(
            by=personas["alice"],
            application=app,
            kind=DocumentKind.REBUILD_PLAN,
            title="重建方案",
            file=pdf(),
            township_consulted_on=CONSULTED["township_consulted_on"],
        )
    assert not Document.objects.filter(kind=DocumentKind.REBUILD_PLAN).exists()
    plan = services.document_add(
        by=personas["alice"], application=app, kind=DocumentKind.REBUILD_PLAN, title="重建方案", file=pdf(), **CONSULTED
    )
    assert (plan.township_consulted_on, plan.village_consulted_on, plan.households_consulted_on) == tuple(
        CONSULTED.values()
    )


def test_consultation_dates_are_kept_only_on_a_rebuild_plan(level_project, personas):
    from tests.approvals.conftest import CONSULTED

    app = services.application_create(by=personas["alice"], project=level_project("township"))
    doc = services.document_add(
        by=personas["alice"], application=app, kind=DocumentKind.OTHER, title="照片", file=pdf(), **CONSULTED
    )
    assert doc.township_consulted_on is None
