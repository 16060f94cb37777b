"""An exit (退出申请; 二, 基本原则: "对无法建立联农带农机制的，建立退出和追偿机制") goes the route of
a class decision: filed by the preparer, the village and township opinions, the county's
decision at a meeting and the public notice; only a project with insufficient linkage may
exit, and when it takes effect the project is marked exited."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approvals import services
from approvals.choices import Action, ApplicationKind, Status
from ledger.models import Project
from tests.approvals.exit_helpers import INSUFFICIENT, walk_exit


def _create(by, project, **kw):
    data = {"reason": "无法建立联农带农机制", "amount": "1000", "recovery_from": "鹿山合作社"}
    data.update(kw)
    return services.exit_create(by=by, project=project, **data)


def test_a_project_with_full_linkage_may_not_exit(make_project, personas):
    project = make_project()  # linkage full
    with pytest.raises(ValidationError, match="只有联农带农作用发挥不充分的项目才能申请退出"):
        _create(personas["alice"], project)
    assert not project.applications.exists()


def test_filing_is_refused_when_the_linkage_was_since_recorded_full(make_project, personas):
    project = make_project(**INSUFFICIENT)
    app = _create(personas["alice"], project)
    Project.objects.filter(pk=project.pk).update(linkage="full", linkage_no_income=False)
    with pytest.raises(ValidationError, match="只有联农带农作用发挥不充分的项目才能申请退出"):
        services.exit_file(by=personas["alice"], application=app)
    app.refresh_from_db()
    assert app.status == Status.PREPARING


def test_the_exit_needs_its_reason_amount_and_debtor(make_project, personas):
    project = make_project(**INSUFFICIENT)
    alice = personas["alice"]
    with pytest.raises(ValidationError, match="请填写无法建立联农带农机制的原因"):
        _create(alice, project, reason="  ")
    with pytest.raises(ValidationError, match="请填写拟追偿金额（元），不追偿的填0"):
        _create(alice, project, amount="")
    with pytest.raises(ValidationError, match="须为金额（元）"):
        _create(alice, project, amount="十万")
    with pytest.raises(ValidationError, match="至多两位小数"):
        _create(alice, project, amount="1.005")
    with pytest.raises(ValidationError, match="请填写追偿对象"):
        _create(alice, project, recovery_from="")
    app = _create(alice, project, amount="0", recovery_from="")
    assert app.recovery_amount == Decimal("0") and app.measures == "退出：无法建立联农带农机制，不追偿"


def test_only_the_preparer_starts_an_exit(make_project, personas):
    project = make_project(**INSUFFICIENT)
    with pytest.raises(PermissionDenied, match="只有负责编制该项目申请表的单位才能发起退出申请"):
        _create(personas["bob"], project)


def test_an_exit_is_refused_while_an_application_is_under_way(make_project, personas):
    project = make_project(**INSUFFICIENT, classification="", measures="", proposed_classification="")
    services.application_create(by=personas["alice"], project=project, classification="consolidate", measures="x")
    with pytest.raises(ValidationError, match="该项目已有一份正在办理的申请"):
        _create(personas["alice"], project)


def test_an_exit_is_not_filed_as_a_classification(make_project, personas):
    app = _create(personas["alice"], make_project(**INSUFFICIENT))
    with pytest.raises(ValidationError, match="该申请为“退出申请”，不能报送"):
        services.application_file(by=personas["alice"], application=app)


def test_the_full_route_marks_the_project_exited(make_project, personas, party_meeting, county_meeting):
    project = make_project(**INSUFFICIENT)
    app = walk_exit(personas, party_meeting, county_meeting, project, amount="200000.00")
    assert app.kind == ApplicationKind.EXIT
    assert app.status == Status.RECOVERING
    assert app.effective_on == dt.date(2025, 10, 15)
    actions = list(app.transitions.order_by("pk").values_list("action", flat=True))
    assert actions == [
        Action.CREATE,
        Action.FILE_EXIT,
        Action.AGREE,
        Action.AGREE,
        Action.APPROVE,
        Action.POST_NOTICE,
        Action.EXIT,
    ]
    project.refresh_from_db()
    assert project.exited_on == dt.date(2025, 10, 15)
    assert project.measures == "退出：合作社长期不分红，无法建立联农带农机制，追偿20万元（鹿山合作社）"
    assert project.classification == "consolidate"  # an exit sets no class
    assert project.history.first().history_change_reason.startswith("退出生效")


def test_the_county_refuses_an_exit_filed_with_full_linkage(make_project, personas, party_meeting, county_meeting):
    project = make_project(**INSUFFICIENT)
    app = walk_exit(personas, party_meeting, county_meeting, project, until=Status.COUNTY)
    app.facts = {**app.facts, "linkage": "full"}
    app.save()
    with pytest.raises(ValidationError, match="只有联农带农作用发挥不充分的项目才能申请退出"):
        services.county_decide(
            by=personas["olga"], meeting=county_meeting(), items=[services.Item(application=app, approve=True)]
        )
    app.refresh_from_db()
    assert app.status == Status.COUNTY


def test_an_exited_project_starts_no_new_round_nor_a_second_exit(make_project, personas, party_meeting, county_meeting):
    project = make_project(**INSUFFICIENT)
    walk_exit(personas, party_meeting, county_meeting, project)
    with pytest.raises(ValidationError, match="该项目已退出（退出和追偿），不能再发起分类申请"):
        services.application_create(by=personas["alice"], project=project)
    with pytest.raises(ValidationError, match="该项目已退出，不能再次申请退出"):
        _create(personas["alice"], project)
