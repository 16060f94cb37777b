"""The four-batches classification test (分类标准, 三–六) and the reason rules of the forms (附件1–3).

`check_facts` is the one place these rules live: the project form, the admin, the
import engine and the classification workflow all call it (the workflow through
`refusal`, the part of it that judges one class). It reads the facts from a mapping (a
form's cleaned data, an import row, an application's facts) or from an object with the
same attributes (a Project).

The test as the notice writes it:
- 巩固 (三): production normal, assets in use and neither damaged nor lost, all five
  conditions recorded, and no upgrade defect that says the opposite of a condition;
- 提升 (四): the project runs (normal or in difficulty) with two or more upgrade defects;
- 盘活 (五): halted, assets idle and not lost, and the support it needs stated;
- 重建 (六): one or more rebuild defects; defect 2 ("无法发挥联农带农作用") cannot stand
  while linkage is recorded as fully effective;
- a rebuild defect makes 重建 the class ("具备一项以上"), two upgrade defects exclude 巩固;
- insufficient linkage refuses no class (二, 基本原则: "及时进行整改"): it asks for measures,
  and a project that cannot establish linkage at all goes to exit and recovery;
- no dead end: surveyed facts that fit no class are an error telling the unit which
  facts to re-check and why.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ledger.choices import (
    CONDITION_CONTRADICTED_BY,
    CONSOLIDATE_CONDITIONS,
    LINKAGE_REASONS,
    PRODUCTION_REASONS,
    REBUILD_DEFECTS,
    RUNNING_STATUSES,
    UPGRADE_DEFECTS,
    Classification,
    FunctionalState,
    Linkage,
    ProductionStatus,
    UseState,
)

UPGRADE_MIN_DEFECTS = 2  # "两项以上" includes two
REBUILD_MIN_DEFECTS = 1  # "一项以上" includes one
# 六.2 "帮扶产业项目无法继续发展，无法发挥联农带农作用"
REBUILD_NO_LINKAGE = "rebuild_cannot_continue"
SUPPORT_FIELD = "revitalise_support"
MEASURES_FIELD = "proposed_measures"
# The order in which the notice's tests exclude each other (the class suggested first).
SUGGESTION_ORDER = (
    Classification.REBUILD,
    Classification.REVITALISE,
    Classification.UPGRADE,
    Classification.CONSOLIDATE,
)
_LABELS = {f: label for pairs in (UPGRADE_DEFECTS, CONSOLIDATE_CONDITIONS) for f, label in pairs}

LINKAGE_MEASURES_REQUIRED = (
    "发挥联农带农作用不充分的，须在拟处置措施中写明整改联农带农的措施（二：对联农带农作用效果不明显的，及时进行整改）。"
)
LINKAGE_NOTE = (
    "联农带农作用不充分：不影响认定类别，但须在拟处置措施中写明整改措施；"
    "确实无法建立联农带农机制的，应按（二）基本原则启动退出和追偿程序。"
)
REBUILD_NO_LINKAGE_WITH_FULL = (
    "勾选了重建类缺陷“帮扶产业项目无法继续发展，无法发挥联农带农作用”，"
    "但联农带农情况填的是“充分发挥联农带农作用”，二者矛盾：请核实联农带农情况或取消该项缺陷。"
)
SUPPORT_REQUIRED = "认定为“盘活”须写明给予哪些资金和政策支持后可以盘活（五）：请填写盘活所需资金和政策支持。"


@dataclass
class FactsCheck:
    consistent: list[str]  # the classes the facts allow, in the notice's order
    suggested: str | None  # the class the facts point to, or None
    refusals: dict[str, str]  # class -> why the facts do not allow it (Chinese)
    errors: dict[str, str] = field(default_factory=dict)  # field -> message (Chinese)
    notes: list[str] = field(default_factory=list)  # guidance that refuses nothing (Chinese)

    @property
    def ok(self) -> bool:
        return not self.errors


def _get(facts: Any, name: str) -> Any:
    if type(facts) is dict or isinstance(facts, Mapping):
        return facts.get(name)
    return getattr(facts, name, None)


def _count(facts: Any, pairs) -> int:
    return sum(1 for f, _ in pairs if _get(facts, f))


def _text(facts: Any, name: str) -> str:
    return str(_get(facts, name) or "").strip()


def _rebuilds(facts: Any) -> int:
    """The rebuild defects that count: defect 2 does not while linkage is recorded as full."""
    full = _get(facts, "linkage") == Linkage.FULL
    return sum(1 for f, _ in REBUILD_DEFECTS if _get(facts, f) and not (full and f == REBUILD_NO_LINKAGE))


def contradictions(facts: Any) -> list[tuple[str, str]]:
    """(condition, defect) pairs both ticked though one says the opposite of the other."""
    return [(c, d) for c, d in CONDITION_CONTRADICTED_BY.items() if _get(facts, c) and _get(facts, d)]


def _misfit(cls: str, facts: Any) -> tuple[str, str] | None:
    """Why the recorded facts do not fit class `cls`: (the fact to re-check, the reason in
    Chinese), or None when they fit."""
    status = _get(facts, "production_status")
    upgrades = _count(facts, UPGRADE_DEFECTS)
    if cls == Classification.REBUILD:
        if _rebuilds(facts) < REBUILD_MIN_DEFECTS:
            if _get(facts, REBUILD_NO_LINKAGE):
                return "rebuild_defects", REBUILD_NO_LINKAGE_WITH_FULL
            return "rebuild_defects", (
                "认定为“重建”须至少具备一项重建类缺陷（产业失败、无法继续发展、管理无法正常运行）。"
            )
        return None
    if _rebuilds(facts):
        return "rebuild_defects", "项目已具备重建类缺陷，应认定为“重建”（六：具有一项以上缺陷）。"
    if cls == Classification.REVITALISE:
        if status == ProductionStatus.TERMINATED:
            return "production_status", "终止经营的项目无法盘活；如具备重建类缺陷，应认定为“重建”。"
        if status != ProductionStatus.HALTED:
            return "production_status", "认定为“盘活”须项目处于停产闲置状态（五：暂时停工停产）。"
        if _get(facts, "use_state") != UseState.IDLE:
            return "use_state", "认定为“盘活”须资金、资产闲置（五），使用现状应为“闲置”。"
        if _get(facts, "functional_state") == FunctionalState.LOST:
            return "functional_state", "资产已灭失的项目无法盘活（五：资产闲置、给予支持后可以盘活）。"
        return None
    if cls == Classification.UPGRADE:
        if status not in RUNNING_STATUSES:
            return "production_status", "认定为“提升”须项目仍在运行（生产经营正常或经营遇到困难）。"
        if upgrades < UPGRADE_MIN_DEFECTS:
            return "upgrade_defects", f"认定为“提升”须具备两项以上提升类缺陷，目前勾选了{upgrades}项。"
        return None
    if cls == Classification.CONSOLIDATE:
        if status != ProductionStatus.NORMAL:
            return "production_status", "认定为“巩固”须项目生产经营正常。"
        if _get(facts, "use_state") != UseState.IN_USE:
            return "use_state", "认定为“巩固”须资产在用，使用现状不能为“闲置”。"
        functional = _get(facts, "functional_state")
        if functional != FunctionalState.NORMAL:
            shown = FunctionalState(functional).label if functional in FunctionalState.values else "未填写"
            return "functional_state", f"认定为“巩固”须资产功能正常，未损坏、灭失（目前为“{shown}”）。"
        if upgrades >= UPGRADE_MIN_DEFECTS:
            return "upgrade_defects", f"项目具备{upgrades}项提升类缺陷，应认定为“提升”而非“巩固”。"
        clash = contradictions(facts)
        if clash:
            c, d = clash[0]
            return "consolidate_conditions", (
                f"勾选了提升类缺陷“{_LABELS[d]}”，与巩固条件“{_LABELS[c]}”相矛盾，不能认定为“巩固”。"
            )
        missing = [label for f, label in CONSOLIDATE_CONDITIONS if not _get(facts, f)]
        if missing:
            return "consolidate_conditions", (f"认定为“巩固”须五项条件全部具备（三），尚未勾选：{'、'.join(missing)}。")
        return None
    return "classification", "未知的分类。"


def _unstated(cls: str, facts: Any) -> tuple[str, str] | None:
    """What a class fitting the facts still needs stated: the support a 盘活 project needs."""
    if cls == Classification.REVITALISE and not _text(facts, SUPPORT_FIELD):
        return SUPPORT_FIELD, SUPPORT_REQUIRED
    return None


def refusal(cls: str, facts: Any) -> str | None:
    """Why class `cls` cannot be given on these facts, or None when it can: the facts test,
    then what the class needs stated (the support of a 盘活 project)."""
    why = _misfit(cls, facts) or _unstated(cls, facts)
    return why[1] if why else None


def _granted(cls: str, facts: Mapping) -> dict[str, Any] | None:
    """The facts with what a management ledger (附件5) or a national export has no column
    for granted as class `cls` needs it."""
    if cls == Classification.UPGRADE:
        return {**facts, **{f: True for f, _ in UPGRADE_DEFECTS}}
    if cls == Classification.REBUILD:
        return {**facts, REBUILD_DEFECTS[0][0]: True}
    if cls == Classification.REVITALISE:
        return {**facts, SUPPORT_FIELD: _text(facts, SUPPORT_FIELD) or "（待补录）"}
    if cls == Classification.CONSOLIDATE:
        granted = {**facts, **{f: True for f, _ in CONSOLIDATE_CONDITIONS}}
        # a file that gives no asset state does not state it wrong
        granted["use_state"] = facts.get("use_state") or UseState.IN_USE
        granted["functional_state"] = facts.get("functional_state") or FunctionalState.NORMAL
        return granted
    return None


def stands_granting_defects(cls: str, facts: Mapping) -> bool:
    """Whether `cls` is refused by the recorded facts only for want of what a file does not
    record: the upgrade or rebuild defects, the five conditions of 巩固 (and, for 巩固, an
    asset state the file leaves blank), the support a 盘活 project needs. The class stands
    once they are granted, everything else being checked as usual."""
    granted = _granted(cls, facts)
    if granted is None:
        return False
    return refusal(cls, facts) is not None and refusal(cls, granted) is None


def suggest(facts: Any) -> str | None:
    """The class the facts point to, in the order the notice's tests exclude each other."""
    for cls in SUGGESTION_ORDER:
        if _misfit(cls, facts) is None:
            return cls.value
    return None


def surveyed(facts: Any) -> bool:
    return all(_get(facts, f) for f in ("functional_state", "use_state", "production_status", "linkage"))


def dead_end(facts: Any, misfits: Mapping[str, Any] | None = None) -> tuple[str, str] | None:
    """For surveyed facts that fit no class: (the fact to re-check, why, in Chinese).
    `misfits`: each class's `_misfit`, when the caller has them already."""
    if not surveyed(facts):
        return None
    if misfits is None:
        misfits = {cls: _misfit(cls, facts) for cls in Classification}
    if any(why is None for why in misfits.values()):
        return None
    status = _get(facts, "production_status")
    if _get(facts, REBUILD_NO_LINKAGE) and _rebuilds(facts) < REBUILD_MIN_DEFECTS:
        return "rebuild_defects", REBUILD_NO_LINKAGE_WITH_FULL
    if status == ProductionStatus.TERMINATED:
        return "rebuild_defects", "终止经营即无法继续发展，请勾选重建类缺陷或核实生产经营状态。"
    if status == ProductionStatus.HALTED:
        where, why = _misfit(Classification.REVITALISE, facts) or ("production_status", "")
        if where == "use_state":
            return where, (
                "停产闲置的项目资金、资产应为闲置，请核实使用现状；资产仍在用、项目仍在经营的，请核实生产经营状态。"
            )
        return "functional_state", (
            "资产已灭失的停产项目无法盘活：项目因此无法继续发展的，请勾选重建类缺陷；否则请核实功能现状。"
        )
    upgrades = _count(facts, UPGRADE_DEFECTS)
    if status == ProductionStatus.DIFFICULTY:
        return "upgrade_defects", (
            f"经营遇到困难的项目不能认定为巩固（须生产经营正常），须具备两项以上提升类缺陷方可认定为提升，"
            f"目前勾选了{upgrades}项；项目已无法继续发展的，请勾选重建类缺陷。请核实提升类、重建类缺陷或生产经营状态。"
        )
    # production normal, fewer than two upgrade defects, and 巩固 refused
    where, why = _misfit(Classification.CONSOLIDATE, facts) or ("consolidate_conditions", "")
    return where, (f"{why}请核实上述情况；项目具备两项以上提升类缺陷的，可认定为提升（目前勾选了{upgrades}项）。")


def check_facts(facts: Any, *, boxes_recorded: bool = True) -> FactsCheck:
    """Check the recorded facts of a project: the reasons its statuses ask for, the boxes
    that contradict each other, its chosen class (if any) against the classification
    standard, and that the facts fit some class.

    `boxes_recorded=False` is for a file (附件5 ledger, national export) that has no
    column for the defects, the conditions, the measures or the support: what they would
    decide is left to the unit's form (see `stands_granting_defects`)."""
    misfits = {cls.value: _misfit(cls, facts) for cls in Classification}
    consistent = [cls for cls, misfit in misfits.items() if misfit is None]
    refusals = {cls: misfit[1] for cls, misfit in misfits.items() if misfit is not None}
    suggested = next((cls.value for cls in SUGGESTION_ORDER if misfits[cls.value] is None), None)
    errors = {}
    notes = []
    status = _get(facts, "production_status")
    reasons = _count(facts, PRODUCTION_REASONS)
    if status and status != ProductionStatus.NORMAL and not reasons:
        label = ProductionStatus(status).label
        errors["production_reasons"] = f"“{label}”须至少选择一项原因。"
    if status == ProductionStatus.NORMAL and reasons:
        errors["production_reasons"] = "生产经营正常的项目不填写停产或困难原因。"
    linkage = _get(facts, "linkage")
    linkage_reasons = _count(facts, LINKAGE_REASONS)
    if linkage == Linkage.INSUFFICIENT and not linkage_reasons:
        errors["linkage_reasons"] = "发挥联农带农作用不充分的，须至少选择一项原因。"
    if linkage == Linkage.FULL and linkage_reasons:
        errors["linkage_reasons"] = "充分发挥联农带农作用的项目不填写不充分的原因。"
    if linkage == Linkage.FULL and _get(facts, REBUILD_NO_LINKAGE):
        errors["rebuild_defects"] = REBUILD_NO_LINKAGE_WITH_FULL
    clash = contradictions(facts)
    if clash:
        errors["consolidate_conditions"] = (
            "；".join(f"巩固条件“{_LABELS[c]}”与提升类缺陷“{_LABELS[d]}”相矛盾，请核实后只勾选其一" for c, d in clash)
            + "。"
        )
    if linkage == Linkage.INSUFFICIENT:
        notes.append(LINKAGE_NOTE)
        if boxes_recorded and not _text(facts, MEASURES_FIELD):
            errors[MEASURES_FIELD] = LINKAGE_MEASURES_REQUIRED
    chosen = _get(facts, "classification")
    if chosen in refusals:
        errors["classification"] = refusals[chosen]
    elif chosen and boxes_recorded:
        unstated = _unstated(chosen, facts)
        if unstated:
            errors.setdefault(*unstated)
    end = dead_end(facts, misfits) if boxes_recorded else None
    if end:
        errors.setdefault(*end)
    return FactsCheck(consistent=consistent, suggested=suggested, refusals=refusals, errors=errors, notes=notes)


def failing_classes(project: Any) -> list[tuple[str, str, str]]:
    """The classes of a project (in force, proposed) the test no longer allows, as
    (which, class, why): `which` is "生效" for the class in force, "拟认定" for the
    proposed one. A class imported from a ledger and still marked pending
    (class_conditions_pending) is listed only if granting what the ledger cannot record
    would not save it."""
    facts = {name: _get(project, name) for name in FACT_NAMES}
    out = []
    seen = set()
    for which, name in (("生效", "classification"), ("拟认定", "proposed_classification")):
        cls = _get(project, name)
        if not cls or cls in seen:
            continue
        seen.add(cls)
        why = refusal(cls, facts)
        if why is None:
            continue
        if _get(project, "class_conditions_pending") and stands_granting_defects(cls, facts):
            continue
        out.append((which, cls, why))
    return out


# What `failing_classes` reads of a project (a reader may fetch just these, as values).
CLASS_CHECK_NAMES = ("classification", "proposed_classification", "class_conditions_pending")
FACT_NAMES = [
    "production_status",
    "use_state",
    "functional_state",
    "linkage",
    SUPPORT_FIELD,
    MEASURES_FIELD,
    *[f for pairs in (UPGRADE_DEFECTS, REBUILD_DEFECTS, CONSOLIDATE_CONDITIONS) for f, _ in pairs],
]
