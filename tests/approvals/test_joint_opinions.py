"""The joint opinion of finance, audit and discipline inspection on every application (十二:
"会同财政、审计、纪检监察等部门"): one record per reviewer, each kept; every reviewing unit's
before the county decision."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approvals import services
from approvals.choices import Status
from approvals.models import JointReview
from ledger.choices import Role
from ledger.models import User
from tests.conftest import PASSWORD


@pytest.mark.parametrize("cls", ["consolidate", "upgrade", "revitalise"])
def test_reviewer_gives_an_opinion_on_any_class(level_project, personas, cls):
    app = services.application_create(by=personas["alice"], project=level_project("township", cls))
    services.joint_review_save(by=personas["rita"], application=app, text="同意")
    assert JointReview.objects.get(application=app).unit == personas["rita"].unit


def test_second_reviewer_of_the_same_unit_adds_a_record(level_project, personas):
    app = services.application_create(by=personas["alice"], project=level_project("township"))
    other = User.objects.create_user(
        username="rita2", password=PASSWORD, unit=personas["rita"].unit, role=Role.REVIEWER
    )
    services.joint_review_save(by=personas["rita"], application=app, text="第一位审阅人意见")
    services.joint_review_save(by=other, application=app, text="第二位审阅人意见")
    texts = list(JointReview.objects.filter(application=app, unit=personas["rita"].unit).values_list("text", flat=True))
    assert sorted(texts) == ["第一位审阅人意见", "第二位审阅人意见"]
    # the same reviewer saving again updates their own record
    services.joint_review_save(by=personas["rita"], application=app, text="修改后的意见")
    assert JointReview.objects.filter(application=app).count() == 2
    assert JointReview.objects.get(application=app, user=personas["rita"]).text == "修改后的意见"


def test_joint_opinion_refused_to_a_township(level_project, personas):
    app = services.application_create(by=personas["alice"], project=level_project("township"))
    with pytest.raises(PermissionDenied, match="财政、审计、纪检监察"):
        services.joint_review_save(by=personas["alice"], application=app, text="同意")


def test_county_decision_needs_every_reviewing_unit(to_county, level_project, personas, county_meeting, reviewers):
    app = to_county(level_project("township", "upgrade"))
    missing = reviewers[-1]
    JointReview.objects.filter(application=app, unit=missing.unit).delete()
    with pytest.raises(ValidationError, match=f"{missing.unit.name}的会审意见"):
        services.county_decide(
            by=personas["olga"], meeting=county_meeting(), items=[services.Item(application=app, approve=True)]
        )
    app.refresh_from_db()
    assert app.status == Status.COUNTY
    services.joint_review_save(by=missing, application=app, text="同意")
    services.county_decide(
        by=personas["olga"], meeting=county_meeting(), items=[services.Item(application=app, approve=True)]
    )
    app.refresh_from_db()
    assert app.status == Status.APPROVED


def test_reviewer_inbox_lists_applications_of_every_class(level_project, personas, as_user):
    app = services.application_create(by=personas["alice"], project=level_project("township", "upgrade"))
    body = as_user(personas["rita"]).get("/approvals/").content.decode()
    assert app.project.number in body
    services.joint_review_save(by=personas["rita"], application=app, text="同意")
    page = as_user(personas["rita"]).get(f"/approvals/{app.pk}/").content.decode()
    assert "会审意见（" in page and "同意" in page
