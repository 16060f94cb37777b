"""Creating, filing, agreeing, returning and withdrawing: each allowed and refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approvals import services
from approvals.choices import Action, Decision, Status
from approvals.models import Application, Opinion, Transition
from tests.approvals.conftest import file_app, png


@pytest.fixture
def village_app(level_project, personas):
    return services.application_create(by=personas["alice"], project=level_project("village"))


def test_create_snapshots_the_project_and_writes_history(village_app, personas):
    app = village_app
    assert app.status == Status.PREPARING and app.sequence == 1
    assert app.classification == "consolidate" and app.measures == "完善利益联结机制"
    assert app.facts["production_status"] == "normal" and app.facts["fund1_municipal"] == "100000.50"
    assert app.submitting_unit.division == app.township
    row = app.transitions.get()
    assert (row.action, row.to_status, row.by) == (Action.CREATE, Status.PREPARING, personas["alice"])


def test_create_takes_the_proposed_class_not_the_one_in_force(make_project, personas):
    project = make_project(
        classification="",
        measures="",
        production_status="difficulty",
        reason_price=True,
        upgrade_chain_gap=True,
        upgrade_weak_technology=True,
        proposed_classification="upgrade",
        proposed_measures="补链",
    )
    app = services.application_create(by=personas["alice"], project=project)
    assert (app.classification, app.measures) == ("upgrade", "补链")


def test_village_committee_may_prepare_its_village_level_project(level_project, personas):
    app = services.application_create(by=personas["vera"], project=level_project("village"))
    assert app.created_by == personas["vera"]


@pytest.mark.parametrize("who", ["bob", "dora", "rita", "olga", "carl"])
def test_create_refused_to_other_units_and_roles(level_project, personas, who):
    with pytest.raises(PermissionDenied):
        services.application_create(by=personas[who], project=level_project("village"))
    assert Application.objects.count() == 0


def test_village_cannot_prepare_a_township_project(level_project, personas):
    with pytest.raises(PermissionDenied):
        services.application_create(by=personas["vera"], project=level_project("township"))


def test_second_active_application_refused(village_app, personas):
    with pytest.raises(ValidationError, match="正在办理"):
        services.application_create(by=personas["alice"], project=village_app.project)


def test_file_moves_to_village_opinion(village_app, personas):
    file_app(by=personas["alice"], application=village_app)
    village_app.refresh_from_db()
    assert village_app.status == Status.VILLAGE


def test_file_refuses_a_class_the_facts_do_not_allow(village_app, personas):
    services.application_update(
        by=personas["alice"], application=village_app, classification="rebuild", measures="重建"
    )
    with pytest.raises(ValidationError, match="重建"):
        file_app(by=personas["alice"], application=village_app)
    village_app.refresh_from_db()
    assert village_app.status == Status.PREPARING


def test_file_refused_in_wrong_state(village_app, personas):
    file_app(by=personas["alice"], application=village_app)
    with pytest.raises(ValidationError, match="不能报送"):
        file_app(by=personas["alice"], application=village_app)


def test_file_refused_to_non_preparer(village_app, personas):
    with pytest.raises(PermissionDenied):
        file_app(by=personas["bob"], application=village_app)


def test_village_agrees_with_seal(village_app, personas):
    file_app(by=personas["alice"], application=village_app)
    services.application_agree(by=personas["vera"], application=village_app, text="情况属实，同意", seal=png())
    village_app.refresh_from_db()
    assert village_app.status == Status.TOWNSHIP
    op = Opinion.objects.get(application=village_app)
    assert (op.step, op.decision, op.user, op.unit) == (
        "village",
        Decision.AGREE,
        personas["vera"],
        personas["vera"].unit,
    )
    assert op.seal.read().startswith(b"\x89PNG")
    assert Transition.objects.filter(
        application=village_app,
        action=Action.AGREE,
        from_status=Status.VILLAGE,
        to_status=Status.TOWNSHIP,
        text="情况属实，同意",
    ).exists()


def test_agree_requires_the_seal(village_app, personas):
    file_app(by=personas["alice"], application=village_app)
    with pytest.raises(ValidationError, match="盖章页"):
        services.application_agree(by=personas["vera"], application=village_app, text="同意")
    assert not Opinion.objects.exists()


@pytest.mark.parametrize("who", ["alice", "bob", "dora", "olga", "rita"])
def test_village_step_refused_to_others(village_app, personas, who):
    file_app(by=personas["alice"], application=village_app)
    with pytest.raises(PermissionDenied):
        services.application_agree(by=personas[who], application=village_app, text="同意", seal=png())
    village_app.refresh_from_db()
    assert village_app.status == Status.VILLAGE


def test_village_of_another_village_refused(village_app, personas, places):
    from ledger.models import User

    other = User.objects.create_user("vic", password="x", unit=places["village2_unit"], role="village")
    file_app(by=personas["alice"], application=village_app)
    with pytest.raises(PermissionDenied):
        services.application_agree(by=other, application=village_app, text="同意", seal=png())


def test_agree_refused_while_preparing(village_app, personas):
    with pytest.raises(ValidationError, match="不能签署意见"):
        services.application_agree(by=personas["vera"], application=village_app, text="同意", seal=png())


def test_township_submits_only_after_its_party_committee(village_app, personas, party_meeting):
    file_app(by=personas["alice"], application=village_app)
    services.application_agree(by=personas["vera"], application=village_app, text="同意", seal=png())
    with pytest.raises(ValidationError, match="党组"):
        services.application_agree(by=personas["alice"], application=village_app, text="同意", seal=png())
    dora_meeting = party_meeting(personas["dora"])
    with pytest.raises(ValidationError, match="不是本单位"):
        services.application_agree(
            by=personas["alice"], application=village_app, text="同意", seal=png(), party_meeting=dora_meeting
        )
    meeting = party_meeting(personas["alice"])
    services.application_agree(
        by=personas["alice"], application=village_app, text="同意", seal=png(), party_meeting=meeting
    )
    village_app.refresh_from_db()
    assert village_app.status == Status.COUNTY and village_app.party_meeting == meeting


def test_return_sends_back_to_preparer_with_reason(village_app, personas):
    file_app(by=personas["alice"], application=village_app)
    with pytest.raises(ValidationError, match="退回理由"):
        services.application_return(by=personas["vera"], application=village_app, reason=" ")
    services.application_return(by=personas["vera"], application=village_app, reason="投资数据有误")
    village_app.refresh_from_db()
    assert village_app.status == Status.PREPARING
    op = Opinion.objects.get()
    assert op.decision == Decision.RETURN and op.text == "投资数据有误"
    # refiled after correction, it starts the route again
    file_app(by=personas["alice"], application=village_app)
    village_app.refresh_from_db()
    assert village_app.status == Status.VILLAGE


def test_return_refused_to_wrong_unit(village_app, personas):
    file_app(by=personas["alice"], application=village_app)
    with pytest.raises(PermissionDenied):
        services.application_return(by=personas["bob"], application=village_app, reason="x")


def test_county_step_is_not_a_single_agree(to_county, level_project, personas):
    app = to_county(level_project("village"))
    with pytest.raises(ValidationError):
        services.application_agree(by=personas["olga"], application=app, text="同意")
    with pytest.raises(ValidationError):
        services.application_return(by=personas["olga"], application=app, reason="x")


def test_withdraw_before_decision(village_app, personas):
    file_app(by=personas["alice"], application=village_app)
    services.application_withdraw(by=personas["alice"], application=village_app, reason="重新调研")
    village_app.refresh_from_db()
    assert village_app.status == Status.WITHDRAWN
    # a new application may then be started
    again = services.application_create(by=personas["alice"], project=village_app.project)
    assert again.sequence == 2


@pytest.mark.parametrize("who", ["vera", "bob", "olga"])
def test_withdraw_refused_to_reviewers_and_other_units(level_project, personas, who):
    app = services.application_create(by=personas["alice"], project=level_project("township"))
    file_app(by=personas["alice"], application=app)
    with pytest.raises(PermissionDenied):
        services.application_withdraw(by=personas[who], application=app, reason="x")


def test_withdraw_refused_after_decision(to_county, level_project, personas, county_meeting):
    app = to_county(level_project("village"))
    services.county_decide(
        by=personas["olga"], meeting=county_meeting(), items=[services.Item(application=app, approve=True)]
    )
    with pytest.raises(ValidationError, match="不能撤回"):
        services.application_withdraw(by=personas["alice"], application=app, reason="x")


def test_department_route(to_county, level_project, personas):
    app = to_county(level_project("department"))
    steps = list(app.opinions.values_list("step", "unit__name"))
    assert [s for s, _ in steps] == ["village", "township", "department"]
    assert steps[2][1] == "县农业农村委"


def test_township_cannot_submit_department_project_step(level_project, personas):
    project = level_project("department")
    app = services.application_create(by=personas["dora"], project=project)
    file_app(by=personas["dora"], application=app)
    services.application_agree(by=personas["vera"], application=app, text="同意", seal=png())
    services.application_agree(by=personas["alice"], application=app, text="同意", seal=png())
    with pytest.raises(PermissionDenied):
        services.application_agree(by=personas["alice"], application=app, text="同意", seal=png())
    with pytest.raises(PermissionDenied):
        services.application_agree(by=personas["dan"], application=app, text="同意", seal=png())
