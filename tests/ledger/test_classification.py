"""The classification test of the notice (三–六), case by case, with the edges of each rule."""

import pytest

from ledger.classification import check_facts, suggest

U = ["upgrade_chain_gap", "upgrade_low_value_added", "upgrade_single_marketing", "upgrade_weak_technology"]
R = ["rebuild_external_failure", "rebuild_cannot_continue", "rebuild_management_broken"]


def facts(status="normal", linkage="full", upgrades=0, rebuilds=0, cls="", reasons=1, linkage_reasons=1):
    f = {"production_status": status, "linkage": linkage, "classification": cls}
    f.update(dict.fromkeys(U[:upgrades], True))
    f.update(dict.fromkeys(R[:rebuilds], True))
    if status != "normal":
        f.update({"reason_funds": True} if reasons else {})
    if linkage == "insufficient":
        f.update({"linkage_no_jobs": True} if linkage_reasons else {})
    return f


CASES = [
    # (facts, class, allowed?)
    (facts(), "consolidate", True),
    (facts(upgrades=1), "consolidate", True),  # one weakness is not yet an upgrade case
    (facts(upgrades=2), "consolidate", False),  # two make it an upgrade case
    (facts(linkage="insufficient"), "consolidate", False),
    (facts(status="difficulty"), "consolidate", False),
    (facts(rebuilds=1), "consolidate", False),
    (facts(upgrades=1), "upgrade", False),  # exactly one defect: not enough
    (facts(upgrades=2), "upgrade", True),  # exactly two: "两项以上" includes two
    (facts(upgrades=4), "upgrade", True),
    (facts(status="difficulty", upgrades=2), "upgrade", True),  # in difficulty still runs
    (facts(status="halted", upgrades=2), "upgrade", False),
    (facts(status="terminated", upgrades=3), "upgrade", False),
    (facts(status="halted"), "revitalise", True),
    (facts(status="terminated"), "revitalise", False),
    (facts(status="difficulty"), "revitalise", False),
    (facts(status="normal"), "revitalise", False),
    (facts(status="halted", rebuilds=1), "revitalise", False),
    (facts(rebuilds=0, status="terminated"), "rebuild", False),
    (facts(rebuilds=1, status="terminated"), "rebuild", True),  # exactly one: "一项以上" includes one
    (facts(rebuilds=1, status="normal"), "rebuild", True),
    (facts(rebuilds=3, status="halted"), "rebuild", True),
]


@pytest.mark.parametrize("f,cls,allowed", CASES)
def test_class_is_allowed_exactly_when_the_standard_says(f, cls, allowed):
    check = check_facts({**f, "classification": cls})
    assert (cls in check.consistent) is allowed
    assert ("classification" not in check.errors) is allowed
    if not allowed:
        assert check.errors["classification"] == check.refusals[cls]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in check.errors["classification"])


@pytest.mark.parametrize(
    "f,expected",
    [
        (facts(), "consolidate"),
        (facts(upgrades=2), "upgrade"),
        (facts(status="difficulty", upgrades=2), "upgrade"),
        (facts(status="difficulty", upgrades=1), None),
        (facts(status="halted"), "revitalise"),
        (facts(status="terminated"), None),
        (facts(status="terminated", rebuilds=1), "rebuild"),
        (facts(status="halted", rebuilds=1), "rebuild"),
    ],
)
def test_it_suggests_the_class_the_facts_point_to(f, expected):
    assert suggest(f) == expected
    assert check_facts(f).suggested == expected


def test_upgrade_refusal_counts_the_defects():
    check = check_facts(facts(upgrades=1, cls="upgrade"))
    assert "目前勾选了1项" in check.errors["classification"]


@pytest.mark.parametrize("status", ["difficulty", "halted", "terminated"])
def test_abnormal_status_requires_a_reason(status):
    assert "production_reasons" in check_facts(facts(status=status, reasons=0)).errors
    assert "production_reasons" not in check_facts(facts(status=status, reasons=1)).errors


def test_normal_status_refuses_reasons():
    f = {**facts(), "reason_price": True}
    assert check_facts(f).errors["production_reasons"] == "生产经营正常的项目不填写停产或困难原因。"


def test_insufficient_linkage_requires_a_reason_and_full_refuses_one():
    assert "linkage_reasons" in check_facts(facts(linkage="insufficient", linkage_reasons=0)).errors
    assert "linkage_reasons" not in check_facts(facts(linkage="insufficient", linkage_reasons=1)).errors
    assert "linkage_reasons" in check_facts({**facts(), "linkage_no_income": True}).errors


def test_no_class_chosen_is_not_an_error():
    assert check_facts(facts(status="difficulty", cls="")).ok


def test_it_reads_a_project_object_as_well_as_a_mapping(make_project):
    project = make_project(production_status="halted", reason_funds=True, classification="revitalise", use_state="idle")
    check = check_facts(project)
    assert check.ok and check.suggested == "revitalise"
