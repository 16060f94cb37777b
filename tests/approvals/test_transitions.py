"""The transition table (approvals.route.TRANSITIONS): for each action one transition it
allows and one it refuses, through the service that takes it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from approvals import services
from approvals.choices import DocumentKind, Status
from approvals.models import Application, Document, JointReview, Progress, RevitalisationPlan
from approvals.permissions import available_actions
from approvals.route import TRANSITIONS
from tests.approvals.conftest import CONSULTED, file_app, pdf, png, post_notice

d = dt.date


def _status(app: Application) -> str:
    app.refresh_from_db()
    return app.status


@pytest.fixture
def preparing(level_project, personas):
    def make(cls="consolidate", level="village"):
        return services.application_create(by=personas["alice"], project=level_project(level, cls))

    return make


@pytest.fixture
def filed(preparing, personas):
    """A township-level application at the village committee's opinion."""

    def make(cls="consolidate"):
        app = preparing(cls, level="township")
        if cls == "rebuild":
            services.document_add(
                by=personas["alice"], application=app, kind=DocumentKind.EVALUATION_REPORT, title="评估报告", file=pdf()
            )
        file_app(by=personas["alice"], application=app)
        app.refresh_from_db()
        return app

    return make


@pytest.fixture
def noticed(approved, level_project, personas):
    """An application in its public notice."""

    def make():
        app = approved(level_project("village"))
        post_notice(by=personas["alice"], applications=[app], posted_on=d(2025, 9, 30), contact="x")
        app.refresh_from_db()
        return app

    return make


@pytest.fixture
def completed(effective, level_project, personas):
    def make():
        app = effective(level_project("village"))
        services.application_complete(by=personas["alice"], application=app, text="已完成")
        return app

    return make


# ---- the table itself ------------------------------------------------------------------------
def test_every_rule_names_real_states():
    for action, rule in TRANSITIONS.items():
        assert rule.sources and rule.sources <= set(Status.values), action
        assert rule.target is None or callable(rule.target) or rule.target in Status.values, action


def test_buttons_of_the_preparer_follow_the_table(preparing, effective, level_project, personas):
    alice = personas["alice"]
    assert available_actions(alice, preparing()) == {"update", "file", "withdraw", "document"}
    app = effective(level_project("village"))
    assert available_actions(alice, app) == {"document", "progress", "complete", "in_effect"}
    assert available_actions(personas["bob"], app) == {"in_effect"}


def test_buttons_of_the_reviewer_follow_the_table(filed, personas):
    app = filed()
    assert available_actions(personas["vera"], app) == {"agree", "return"}
    assert available_actions(personas["alice"], app) == {"withdraw", "document"}
    assert available_actions(personas["olga"], app) == {"document"}


# ---- preparing and filing ----------------------------------------------------------------------
def test_update_transition_allowed(preparing, personas):
    app = preparing()
    services.application_update(by=personas["alice"], application=app, classification="upgrade", measures="补链")
    app.refresh_from_db()
    assert (app.status, app.classification) == (Status.PREPARING, "upgrade")


def test_update_transition_not_allowed_when_filed(filed, personas):
    app = filed()
    with pytest.raises(ValidationError, match="不能修改"):
        services.application_update(by=personas["alice"], application=app, classification="upgrade", measures="x")
    app.refresh_from_db()
    assert app.classification == "consolidate"


def test_file_transition_allowed(preparing, personas):
    app = preparing()
    file_app(by=personas["alice"], application=app)
    assert _status(app) == Status.VILLAGE


def test_file_transition_not_allowed_when_at_the_county(to_county, level_project, personas):
    app = to_county(level_project("village"))
    with pytest.raises(ValidationError, match="不能报送"):
        file_app(by=personas["alice"], application=app)
    assert _status(app) == Status.COUNTY


def test_withdraw_transition_allowed(to_county, level_project, personas):
    app = to_county(level_project("village"))
    services.application_withdraw(by=personas["alice"], application=app, reason="重新调研")
    assert _status(app) == Status.WITHDRAWN


def test_withdraw_transition_not_allowed_when_approved(approved, level_project, personas):
    app = approved(level_project("village"))
    with pytest.raises(ValidationError, match="不能撤回"):
        services.application_withdraw(by=personas["alice"], application=app, reason="x")
    assert _status(app) == Status.APPROVED


# ---- opinions along the route ------------------------------------------------------------------
def test_agree_transition_allowed(filed, personas):
    app = filed()
    services.application_agree(by=personas["vera"], application=app, text="同意", seal=png())
    assert _status(app) == Status.TOWNSHIP


def test_agree_transition_not_allowed_when_decided(approved, level_project, personas):
    app = approved(level_project("village"))
    with pytest.raises(ValidationError, match="不能签署意见"):
        services.application_agree(by=personas["vera"], application=app, text="同意", seal=png())
    assert _status(app) == Status.APPROVED


def test_return_transition_allowed(filed, personas):
    app = filed()
    services.application_return(by=personas["vera"], application=app, reason="数据有误")
    assert _status(app) == Status.PREPARING


def test_return_transition_not_allowed_when_at_the_county(to_county, level_project, personas):
    app = to_county(level_project("village"))
    with pytest.raises(ValidationError, match="不能退回"):
        services.application_return(by=personas["alice"], application=app, reason="x")
    assert _status(app) == Status.COUNTY


# ---- the county, the notice --------------------------------------------------------------------
def test_decide_transition_allowed(to_county, level_project, personas, county_meeting):
    app = to_county(level_project("village"))
    services.county_decide(
        by=personas["olga"], meeting=county_meeting(), items=[services.Item(application=app, approve=True)]
    )
    assert _status(app) == Status.APPROVED


def test_decide_transition_not_allowed_when_filed(filed, personas, county_meeting):
    app = filed()
    with pytest.raises(ValidationError, match="不能审定"):
        services.county_decide(
            by=personas["olga"], meeting=county_meeting(), items=[services.Item(application=app, approve=True)]
        )
    assert _status(app) == Status.VILLAGE


def test_post_notice_transition_allowed(approved, level_project, personas):
    app = approved(level_project("village"))
    post_notice(by=personas["alice"], applications=[app], posted_on=d(2025, 9, 30), contact="x")
    assert _status(app) == Status.NOTICE


def test_post_notice_transition_not_allowed_when_in_notice(noticed, personas):
    app = noticed()
    with pytest.raises(ValidationError, match="不能公示"):
        post_notice(by=personas["alice"], applications=[app], posted_on=d(2025, 10, 8), contact="x")
    assert _status(app) == Status.NOTICE


def _objection(app, by):
    return services.objection_record(
        by=by, notice=app.notice, received_on=d(2025, 10, 9), submitter="村民", text="有异议", application=app
    )


def test_uphold_objection_transition_allowed(noticed, personas):
    app = noticed()
    objection = _objection(app, personas["alice"])
    services.objection_resolve(by=personas["alice"], objection=objection, resolution="异议属实", upheld=True)
    assert _status(app) == Status.PREPARING


def test_uphold_objection_transition_not_allowed_when_returned(noticed, personas):
    app = noticed()
    first, second = _objection(app, personas["alice"]), _objection(app, personas["alice"])
    services.objection_resolve(by=personas["alice"], objection=first, resolution="异议属实", upheld=True)
    with pytest.raises(ValidationError, match="不在公示中"):
        services.objection_resolve(by=personas["alice"], objection=second, resolution="同上", upheld=True)
    assert _status(app) == Status.PREPARING


def test_close_notice_transition_allowed(noticed, personas):
    app = noticed()
    services.notice_close(notice=app.notice, by=personas["alice"], today=d(2025, 10, 15))
    assert _status(app) == Status.EFFECTIVE


def test_close_notice_transition_not_allowed_when_returned(noticed, personas):
    app = noticed()
    notice = app.notice
    objection = _objection(app, personas["alice"])
    services.objection_resolve(by=personas["alice"], objection=objection, resolution="异议属实", upheld=True)
    services.notice_close(notice=notice, by=personas["alice"], today=d(2025, 10, 15))
    assert _status(app) == Status.PREPARING and not app.transitions.filter(to_status=Status.EFFECTIVE).exists()


# ---- disposal ----------------------------------------------------------------------------------
def test_progress_transition_allowed(effective, level_project, personas):
    app = effective(level_project("village"))
    services.progress_add(by=personas["alice"], application=app, date=d(2025, 10, 20), text="推进中", percent=20)
    assert Progress.objects.filter(application=app).count() == 1 and _status(app) == Status.EFFECTIVE


def test_progress_transition_not_allowed_when_completed(completed, personas):
    app = completed()
    with pytest.raises(ValidationError, match="不能填报处置进展"):
        services.progress_add(by=personas["alice"], application=app, date=d(2025, 10, 20), text="x", percent=20)
    assert not Progress.objects.exists()


def test_complete_transition_allowed(effective, level_project, personas):
    app = effective(level_project("village"))
    services.application_complete(by=personas["alice"], application=app, text="已完成")
    assert _status(app) == Status.COMPLETED


def test_complete_transition_not_allowed_when_completed(completed, personas):
    app = completed()
    with pytest.raises(ValidationError, match="不能确认处置完成"):
        services.application_complete(by=personas["alice"], application=app, text="再次完成")
    assert _status(app) == Status.COMPLETED


def test_evaluate_transition_allowed(completed, personas):
    app = completed()
    services.application_evaluate(by=personas["alice"], application=app, text="达到预期")
    assert _status(app) == Status.EVALUATED


def test_evaluate_transition_not_allowed_when_effective(effective, level_project, personas):
    app = effective(level_project("village"))
    with pytest.raises(ValidationError, match="不能评估处置效果"):
        services.application_evaluate(by=personas["alice"], application=app, text="x")
    assert _status(app) == Status.EFFECTIVE


def test_reclassify_transition_allowed(completed, personas):
    app = completed()
    services.application_evaluate(by=personas["alice"], application=app, text="达到预期")
    new = services.application_create(by=personas["alice"], project=app.project)
    assert (new.status, new.sequence, new.previous) == (Status.PREPARING, 2, app)


def test_reclassify_transition_not_allowed_when_completed(completed, personas):
    app = completed()
    with pytest.raises(ValidationError, match="不能重新分类"):
        services.application_create(by=personas["alice"], project=app.project)
    assert Application.objects.filter(project=app.project).count() == 1


# ---- documents ---------------------------------------------------------------------------------
def test_document_transition_allowed(to_county, level_project, personas):
    app = to_county(level_project("village"))
    services.document_add(by=personas["olga"], application=app, kind=DocumentKind.OTHER, title="补充说明", text="x")
    assert Document.objects.filter(application=app, uploaded_by=personas["olga"]).exists()


def test_document_transition_not_allowed_when_withdrawn(preparing, personas):
    app = preparing()
    services.application_withdraw(by=personas["alice"], application=app, reason="重新调研")
    with pytest.raises(ValidationError, match="不能上传材料"):
        services.document_add(by=personas["alice"], application=app, kind=DocumentKind.OTHER, title="x", text="y")
    assert not Document.objects.exists()


def test_rebuild_plan_transition_allowed(approved, level_project, personas):
    app = approved(level_project("township", "rebuild"))
    services.document_add(
        by=personas["alice"], application=app, kind=DocumentKind.REBUILD_PLAN, title="重建方案", file=pdf(), **CONSULTED
    )
    assert Document.objects.filter(application=app, kind=DocumentKind.REBUILD_PLAN).exists()


def test_rebuild_plan_transition_not_allowed_when_at_the_county(to_county, level_project, personas):
    app = to_county(level_project("township", "rebuild"))
    with pytest.raises(ValidationError, match="不能上传重建方案"):
        services.document_add(
            by=personas["alice"],
            application=app,
            kind=DocumentKind.REBUILD_PLAN,
            title="重建方案",
            file=pdf(),
            **CONSULTED,
        )
    assert not Document.objects.filter(kind=DocumentKind.REBUILD_PLAN).exists()


def _plan(app, by):
    return services.revitalisation_plan_save(
        by=by, application=app, cause="资金短缺", resources="设施完好", measures="招引新主体"
    )


def test_revitalisation_plan_transition_allowed(filed, personas):
    app = filed("revitalise")
    _plan(app, personas["alice"])
    assert RevitalisationPlan.objects.filter(application=app).exists()


def test_revitalisation_plan_transition_not_allowed_when_approved(approved, level_project, personas):
    app = approved(level_project("village", "revitalise"))
    RevitalisationPlan.objects.filter(application=app).delete()
    with pytest.raises(ValidationError, match="不能填报盘活方案"):
        _plan(app, personas["alice"])
    assert not RevitalisationPlan.objects.exists()


def test_joint_review_transition_allowed(filed, personas):
    app = filed("rebuild")
    services.joint_review_save(by=personas["rita"], application=app, text="同意重建")
    assert JointReview.objects.filter(application=app, unit=personas["rita"].unit).exists()


def test_joint_review_transition_not_allowed_when_approved(approved, level_project, personas):
    app = approved(level_project("township", "rebuild"))
    before = JointReview.objects.count()
    with pytest.raises(ValidationError, match="不能填写会审意见"):
        services.joint_review_save(by=personas["rita"], application=app, text="补充意见")
    assert JointReview.objects.count() == before
