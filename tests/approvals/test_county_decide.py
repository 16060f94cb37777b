"""The county leading group decides a batch at its meeting."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approvals import services
from approvals.choices import Decision, Status
from approvals.models import Opinion


def test_batch_approves_and_returns(to_county, level_project, personas, county_meeting):
    a = to_county(level_project("village"))
    b = to_county(level_project("township"))
    meeting = county_meeting()
    services.county_decide(
        by=personas["olga"],
        meeting=meeting,
        items=[
            services.Item(application=a, approve=True, measures="加强管理", text="同意"),
            services.Item(application=b, approve=False, text="现值估算依据不足"),
        ],
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.status == Status.APPROVED and a.approved_class == "consolidate" and a.approved_measures == "加强管理"
    assert a.county_meeting == meeting and a.decided_at is not None
    assert b.status == Status.PREPARING
    assert Opinion.objects.get(application=b, step="county").decision == Decision.RETURN


def test_changed_class_is_checked_against_the_snapshot(to_county, level_project, personas, county_meeting):
    app = to_county(level_project("village"))
    with pytest.raises(ValidationError, match="提升"):
        services.county_decide(
            by=personas["olga"],
            meeting=county_meeting(),
            items=[services.Item(application=app, approve=True, classification="upgrade")],
        )
    app.refresh_from_db()
    assert app.status == Status.COUNTY and not Opinion.objects.filter(step="county").exists()


def test_changed_class_allowed_when_facts_allow(to_county, level_project, personas, county_meeting):
    app = to_county(level_project("village", "upgrade"))
    # upgrade defects present but 2 → could not be consolidate; approve as upgrade with new measures
    services.county_decide(
        by=personas["olga"],
        meeting=county_meeting(),
        items=[services.Item(application=app, approve=True, classification="upgrade", measures="拓展电商渠道")],
    )
    app.refresh_from_db()
    assert app.approved_class == "upgrade" and app.approved_measures == "拓展电商渠道"


def test_batch_is_all_or_nothing(to_county, level_project, personas, county_meeting):
    a = to_county(level_project("village"))
    b = to_county(level_project("township"))
    with pytest.raises(ValidationError, match="理由"):
        services.county_decide(
            by=personas["olga"],
            meeting=county_meeting(),
            items=[services.Item(application=a, approve=True), services.Item(application=b, approve=False)],
        )
    a.refresh_from_db()
    assert a.status == Status.COUNTY


@pytest.mark.parametrize("who", ["carl", "alice", "rita", "dora"])
def test_only_the_office_decides(to_county, level_project, personas, county_meeting, who):
    app = to_county(level_project("village"))
    with pytest.raises(PermissionDenied):
        services.county_decide(
            by=personas[who], meeting=county_meeting(), items=[services.Item(application=app, approve=True)]
        )


def test_decision_needs_a_county_meeting(to_county, level_project, personas, party_meeting):
    app = to_county(level_project("village"))
    with pytest.raises(ValidationError, match="县领导小组会议"):
        services.county_decide(
            by=personas["olga"],
            meeting=party_meeting(personas["alice"]),
            items=[services.Item(application=app, approve=True)],
        )


def test_decision_refused_in_wrong_state(level_project, personas, county_meeting):
    app = services.application_create(by=personas["alice"], project=level_project("village"))
    with pytest.raises(ValidationError, match="不能审定"):
        services.county_decide(
            by=personas["olga"], meeting=county_meeting(), items=[services.Item(application=app, approve=True)]
        )


def test_rebuild_needs_a_special_session(to_county, level_project, personas, county_meeting):
    app = to_county(level_project("township", "rebuild"))
    with pytest.raises(ValidationError, match="专题研究"):
        services.county_decide(
            by=personas["olga"],
            meeting=county_meeting(special=False),
            items=[services.Item(application=app, approve=True)],
        )
    services.county_decide(
        by=personas["olga"], meeting=county_meeting(special=True), items=[services.Item(application=app, approve=True)]
    )
    app.refresh_from_db()
    assert app.status == Status.APPROVED


def test_rebuild_needs_every_joint_review(to_county, level_project, personas, county_meeting):
    app = to_county(level_project("township", "rebuild"))
    app.joint_reviews.first().delete()
    with pytest.raises(ValidationError, match="会审"):
        services.county_decide(
            by=personas["olga"],
            meeting=county_meeting(special=True),
            items=[services.Item(application=app, approve=True)],
        )


@pytest.mark.parametrize(
    "cls,facts,message",
    [
        # filed before the five conditions of 巩固 were recorded on the form
        ("consolidate", {"consolidate_sales": False}, "尚未勾选：产销衔接顺畅"),
        # a 巩固 on facts that contradict a condition
        ("consolidate", {"upgrade_weak_technology": True}, "与巩固条件“产品竞争力强”相矛盾"),
        # a 盘活 whose form does not say which support it needs (五)
        ("revitalise", {"revitalise_support": ""}, "须写明给予哪些资金和政策支持后可以盘活"),
    ],
)
def test_the_decision_applies_the_notices_test_to_the_facts_as_filed(
    to_county, level_project, personas, county_meeting, cls, facts, message
):
    app = to_county(level_project("village", cls))
    app.facts = {**app.facts, **facts}
    app.save(update_fields=["facts"])
    with pytest.raises(ValidationError, match=message):
        services.county_decide(
            by=personas["olga"], meeting=county_meeting(), items=[services.Item(application=app, approve=True)]
        )
    app.refresh_from_db()
    assert app.status == Status.COUNTY and not Opinion.objects.filter(step="county").exists()
