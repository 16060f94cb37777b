"""Filing (报送) needs the survey report (十二, 十三) and, for 盘活, its plan (九); a 重建
case needs its evaluation report before the joint review (十)."""

import pytest
from django.core.exceptions import ValidationError

from approvals import services
from approvals.choices import DocumentKind, Status
from approvals.models import JointReview, Transition
from tests.approvals.conftest import pdf


def _survey(app, by):
    services.document_add(by=by, application=app, kind=DocumentKind.SURVEY_REPORT, title="实地调研情况报告", file=pdf())


def test_filing_refused_without_the_survey_report(level_project, personas):
    app = services.application_create(by=personas["alice"], project=level_project("township"))
    with pytest.raises(ValidationError, match="报送前须上传实地调研情况报告。"):
        services.application_file(by=personas["alice"], application=app)
    app.refresh_from_db()
    assert app.status == Status.PREPARING
    assert not Transition.objects.filter(application=app, action="file").exists()


def test_filing_allowed_with_the_survey_report(level_project, personas):
    app = services.application_create(by=personas["alice"], project=level_project("township"))
    _survey(app, personas["alice"])
    services.application_file(by=personas["alice"], application=app)
    app.refresh_from_db()
    assert app.status == Status.VILLAGE


def test_another_document_kind_does_not_count_as_the_survey_report(level_project, personas):
    app = services.application_create(by=personas["alice"], project=level_project("township"))
    services.document_add(by=personas["alice"], application=app, kind=DocumentKind.OTHER, title="照片", file=pdf())
    with pytest.raises(ValidationError, match="实地调研情况报告"):
        services.application_file(by=personas["alice"], application=app)


def test_revitalise_filing_needs_its_plan(level_project, personas):
    app = services.application_create(by=personas["alice"], project=level_project("township", "revitalise"))
    _survey(app, personas["alice"])
    with pytest.raises(ValidationError, match="报送前须填报盘活方案"):
        services.application_file(by=personas["alice"], application=app)
    services.revitalisation_plan_save(
        by=personas["alice"], application=app, cause="资金短缺停产", resources="厂房闲置", measures="引进新主体"
    )
    services.application_file(by=personas["alice"], application=app)
    app.refresh_from_db()
    assert app.status == Status.VILLAGE


def test_filing_lists_everything_missing(level_project, personas, as_user):
    app = services.application_create(by=personas["alice"], project=level_project("township", "revitalise"))
    r = as_user(personas["alice"]).post(f"/approvals/{app.pk}/file/", follow=True)
    body = r.content.decode()
    assert r.status_code == 200 and "报送前须上传实地调研情况报告。" in body and "盘活方案" in body
    app.refresh_from_db()
    assert app.status == Status.PREPARING


def test_rebuild_joint_review_needs_the_evaluation_report(level_project, personas):
    app = services.application_create(by=personas["alice"], project=level_project("township", "rebuild"))
    with pytest.raises(ValidationError, match="会审前须由编制单位先上传项目评估报告"):
        services.joint_review_save(by=personas["rita"], application=app, text="同意重建")
    services.document_add(
        by=personas["alice"], application=app, kind=DocumentKind.EVALUATION_REPORT, title="评估报告", file=pdf()
    )
    services.joint_review_save(by=personas["rita"], application=app, text="同意重建")
    assert JointReview.objects.filter(application=app).count() == 1
