"""The classification test of the notice (三–六), case by case, with the edges of each rule."""

import itertools

import pytest

from ledger.choices import Classification
from ledger.classification import (
    LINKAGE_MEASURES_REQUIRED,
    SUPPORT_REQUIRED,
    check_facts,
    dead_end,
    refusal,
    stands_granting_defects,
    suggest,
)

U = ["upgrade_chain_gap", "upgrade_low_value_added", "upgrade_single_marketing", "upgrade_weak_technology"]
R = ["rebuild_external_failure", "rebuild_cannot_continue", "rebuild_management_broken"]
C = ["consolidate_momentum", "consolidate_chain", "consolidate_sales", "consolidate_competitive", "consolidate_risk"]
SUPPORT = "申请衔接资金20万元维修设施，协调信贷贴息政策"


def facts(
    status="normal",
    linkage="full",
    upgrades=0,
    rebuilds=0,
    cls="",
    reasons=1,
    linkage_reasons=1,
    use=None,
    state="normal",
    conditions=None,
    support=SUPPORT,
    measures="完善利益联结机制",
    **boxes,
):
    """Facts of a project. By default the assets are in use (idle once halted) and normal,
    and a normal project with fewer than two upgrade defects has the five conditions; the
    first two upgrade defects taken contradict no condition."""
    if use is None:
        use = "idle" if status in ("halted", "terminated") else "in_use"
    if conditions is None:
        conditions = 5 if status == "normal" and upgrades < 2 else 0
    f = {
        "production_status": status,
        "linkage": linkage,
        "classification": cls,
        "use_state": use,
        "functional_state": state,
        "revitalise_support": support,
        "proposed_measures": measures,
    }
    f.update(dict.fromkeys([U[1], U[2], U[0], U[3]][:upgrades], True))
    f.update(dict.fromkeys([R[0], R[2], R[1]][:rebuilds], True))
    f.update(dict.fromkeys(C[:conditions], True))
    f.update(boxes)
    if status != "normal":
        f.update({"reason_funds": True} if reasons else {})
    if linkage == "insufficient":
        f.update({"linkage_no_jobs": True} if linkage_reasons else {})
    return f


CASES = [
    # (facts, class, allowed?)
    (facts(), "consolidate", True),
    (facts(upgrades=1), "consolidate", True),  # one weakness is not yet an upgrade case
    (facts(upgrades=2, conditions=5), "consolidate", False),  # two make it an upgrade case
    (facts(linkage="insufficient"), "consolidate", True),  # (三) does not ask for full linkage
    (facts(conditions=4), "consolidate", False),  # all five conditions (三)
    (facts(conditions=0), "consolidate", False),
    (facts(use="idle"), "consolidate", False),  # assets in use
    (facts(state="damaged"), "consolidate", False),  # not damaged
    (facts(state="lost"), "consolidate", False),  # nor lost
    (facts(**{"upgrade_chain_gap": True}), "consolidate", False),  # 链条 defect vs 产业链条完备
    (facts(**{"upgrade_weak_technology": True}), "consolidate", False),  # 竞争力 defect vs 产品竞争力强
    (facts(status="difficulty", conditions=5), "consolidate", False),
    (facts(rebuilds=1), "consolidate", False),
    (facts(upgrades=1), "upgrade", False),  # exactly one defect: not enough
    (facts(upgrades=2), "upgrade", True),  # exactly two: "两项以上" includes two
    (facts(upgrades=4), "upgrade", True),
    (facts(status="difficulty", upgrades=2), "upgrade", True),  # in difficulty still runs
    (facts(status="difficulty", upgrades=2, state="damaged"), "upgrade", True),
    (facts(upgrades=2, linkage="insufficient"), "upgrade", True),
    (facts(status="halted", upgrades=2), "upgrade", False),
    (facts(status="terminated", upgrades=3), "upgrade", False),
    (facts(status="halted"), "revitalise", True),
    (facts(status="halted", state="damaged"), "revitalise", True),  # damaged assets may be revived
    (facts(status="halted", state="lost"), "revitalise", False),  # lost ones cannot (五)
    (facts(status="halted", use="in_use"), "revitalise", False),  # assets idle (五)
    (facts(status="halted", linkage="insufficient"), "revitalise", True),
    (facts(status="terminated"), "revitalise", False),
    (facts(status="difficulty"), "revitalise", False),
    (facts(status="normal"), "revitalise", False),
    (facts(status="halted", rebuilds=1), "revitalise", False),
    (facts(rebuilds=0, status="terminated"), "rebuild", False),
    (facts(rebuilds=1, status="terminated"), "rebuild", True),  # exactly one: "一项以上" includes one
    (facts(rebuilds=1, status="normal"), "rebuild", True),
    (facts(rebuilds=3, status="halted", linkage="insufficient"), "rebuild", True),
    (facts(status="halted", linkage="insufficient", **{"rebuild_cannot_continue": True}), "rebuild", True),
    (facts(status="halted", linkage="full", **{"rebuild_cannot_continue": True}), "rebuild", False),
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
    assert check_facts(facts(status="difficulty", upgrades=2, cls="")).ok


def test_it_reads_a_project_object_as_well_as_a_mapping(make_project):
    project = make_project(production_status="halted", reason_funds=True, classification="revitalise", use_state="idle")
    check = check_facts(project)
    assert check.ok and check.suggested == "revitalise"


# ---- no dead ends ----------------------------------------------------------------------
STATUSES = ["normal", "difficulty", "halted", "terminated"]
USES = ["in_use", "idle"]
STATES = ["normal", "damaged", "lost"]
LINKAGES = ["full", "insufficient"]
FACT_FIELDS = {
    "production_status",
    "use_state",
    "functional_state",
    "consolidate_conditions",
    "upgrade_defects",
    "rebuild_defects",
}


def every_combination():
    """Every combination of status, use, functional state, linkage and each defect and
    condition box (4·2·3·2·2⁴·2³·2⁵ = 98,304), with the reasons the statuses ask for."""
    boxes = U + R + C
    for status, use, state, linkage in itertools.product(STATUSES, USES, STATES, LINKAGES):
        base = {
            "production_status": status,
            "use_state": use,
            "functional_state": state,
            "linkage": linkage,
            "classification": "",
            "reason_funds": status != "normal",
            "linkage_no_jobs": linkage == "insufficient",
            "revitalise_support": SUPPORT,
            "proposed_measures": "完善利益联结机制",
        }
        for ticks in itertools.product((False, True), repeat=len(boxes)):
            yield {**base, **dict(zip(boxes, ticks, strict=True))}


def test_every_combination_of_facts_gives_a_class_or_says_what_to_recheck():
    """The notice sorts every project into one of the four batches: no recorded facts are
    a dead end. Either some class fits, or an error on a fact names it and says why."""
    seen = 0
    dead_ends = 0
    for f in every_combination():
        seen += 1
        check = check_facts(f)
        if check.consistent:
            assert check.suggested in check.consistent
            continue
        dead_ends += 1
        end = dead_end(f)
        assert end is not None, f
        fact, _ = end
        assert fact in FACT_FIELDS, (f, end)
        assert check.errors.get(fact), (f, check.errors)
        assert "请" in check.errors[fact] and "核实" in check.errors[fact], (f, check.errors[fact])
    assert seen == 4 * 2 * 3 * 2 * 2**4 * 2**3 * 2**5
    assert 0 < dead_ends < seen


def test_a_class_that_fits_is_accepted_when_chosen():
    """Over every combination, choosing a class the test calls consistent is never refused;
    choosing one it refuses gives that refusal on the class."""
    for i, f in enumerate(every_combination()):
        if i % 7:  # a spread sample keeps this fast; the test above covers every case
            continue
        check = check_facts(f)
        for cls in Classification.values:
            chosen = check_facts({**f, "classification": cls})
            if cls in check.consistent:
                assert "classification" not in chosen.errors
            else:
                assert chosen.errors["classification"] == check.refusals[cls]


@pytest.mark.parametrize(
    "f,fact,words",
    [
        (facts(status="terminated"), "rebuild_defects", "终止经营即无法继续发展，请勾选重建类缺陷或核实生产经营状态"),
        (facts(status="difficulty", upgrades=1), "upgrade_defects", "目前勾选了1项"),
        (facts(status="difficulty", upgrades=0), "upgrade_defects", "请核实提升类、重建类缺陷或生产经营状态"),
        (facts(status="halted", use="in_use"), "use_state", "请核实使用现状"),
        (facts(status="halted", state="lost"), "functional_state", "资产已灭失的停产项目无法盘活"),
        (facts(conditions=4), "consolidate_conditions", "尚未勾选：防范化解风险机制健全"),
        (facts(conditions=5, **{"upgrade_chain_gap": True}), "consolidate_conditions", "相矛盾"),
        (facts(use="idle"), "use_state", "须资产在用"),
        (facts(state="damaged"), "functional_state", "目前为“损坏”"),
        (facts(linkage="insufficient", conditions=3), "consolidate_conditions", "可认定为提升"),
    ],
)
def test_a_dead_end_names_the_facts_to_recheck(f, fact, words):
    check = check_facts(f)
    assert check.consistent == []
    assert words in check.errors[fact]


def test_surveyed_facts_only_are_judged_for_dead_ends():
    assert dead_end({**facts(status="difficulty"), "use_state": ""}) is None
    assert "upgrade_defects" not in check_facts({**facts(status="difficulty"), "use_state": ""}).errors


def test_an_import_is_not_refused_for_boxes_it_cannot_record():
    f = facts(status="difficulty", measures="")
    f["linkage"], f["linkage_no_jobs"] = "insufficient", True
    assert check_facts(f, boxes_recorded=False).ok
    assert set(check_facts(f).errors) == {"upgrade_defects", "proposed_measures"}


# ---- linkage, support, contradictions --------------------------------------------------
def test_insufficient_linkage_refuses_no_class_but_asks_for_measures_and_points_to_exit():
    for f, cls in [
        (facts(linkage="insufficient"), "consolidate"),
        (facts(linkage="insufficient", upgrades=2), "upgrade"),
        (facts(linkage="insufficient", status="halted"), "revitalise"),
        (facts(linkage="insufficient", rebuilds=2), "rebuild"),
    ]:
        assert check_facts({**f, "classification": cls}).ok
        blank = check_facts({**f, "classification": cls, "proposed_measures": "  "})
        assert blank.errors == {"proposed_measures": LINKAGE_MEASURES_REQUIRED}
        assert any("退出和追偿" in note for note in blank.notes)
    assert check_facts(facts()).notes == []


def test_revitalise_needs_the_support_stated():
    f = facts(status="halted", cls="revitalise", support="")
    check = check_facts(f)
    assert "revitalise" in check.consistent and check.suggested == "revitalise"
    assert check.errors == {"revitalise_support": SUPPORT_REQUIRED}
    assert refusal("revitalise", f) == SUPPORT_REQUIRED  # the county decision refuses it too
    assert refusal("revitalise", {**f, "revitalise_support": SUPPORT}) is None
    assert check_facts(facts(status="normal", support="")).ok  # other classes need none


def test_rebuild_defect_2_is_refused_while_linkage_is_full():
    f = facts(status="halted", linkage="full", rebuild_cannot_continue=True)
    check = check_facts(f)
    assert check.errors["rebuild_defects"].startswith("勾选了重建类缺陷“帮扶产业项目无法继续发展")
    assert "rebuild" not in check.consistent
    # with another rebuild defect the class stands; the contradiction is still an error
    both = check_facts({**f, "rebuild_external_failure": True, "classification": "rebuild"})
    assert "rebuild" in both.consistent and set(both.errors) == {"rebuild_defects"}


def test_a_condition_and_the_defect_contradicting_it_cannot_both_be_ticked():
    check = check_facts(facts(upgrades=2, conditions=5, upgrade_chain_gap=True, upgrade_weak_technology=True))
    assert "产业链条完备" in check.errors["consolidate_conditions"]
    assert "产品竞争力强" in check.errors["consolidate_conditions"]
    assert check_facts(facts(upgrades=2, conditions=5)).errors == {}  # 加工转化, 营销: no contradiction


def test_imports_grant_the_conditions_a_ledger_has_no_column_for():
    bare = {"production_status": "normal", "linkage": "full", "use_state": "in_use", "functional_state": "normal"}
    assert stands_granting_defects("consolidate", bare)
    assert stands_granting_defects("consolidate", {**bare, "use_state": "", "functional_state": ""})
    assert not stands_granting_defects("consolidate", {**bare, "use_state": "idle"})
    assert not stands_granting_defects("consolidate", {**bare, "production_status": "difficulty"})
    assert not stands_granting_defects("consolidate", {**bare, **dict.fromkeys(C, True)})  # nothing missing
