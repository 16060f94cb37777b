"""The four-batches classification test (分类标准, 三–六) and the reason rules of the forms (附件1–3).

`check_facts` is the one place these rules live: the project form, the admin, the
import engine and the classification workflow all call it. It reads the facts from a mapping (a form's
cleaned data, an import row) or from an object with the same attributes (a Project).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ledger.choices import (
    LINKAGE_REASONS,
    PRODUCTION_REASONS,
    REBUILD_DEFECTS,
    RUNNING_STATUSES,
    UPGRADE_DEFECTS,
    Classification,
    Linkage,
    ProductionStatus,
)

UPGRADE_MIN_DEFECTS = 2  # "两项以上" includes two
REBUILD_MIN_DEFECTS = 1  # "一项以上" includes one


@dataclass
class FactsCheck:
    consistent: list[str]  # the classes the facts allow, in the notice's order
    suggested: str | None  # the class the facts point to, or None
    refusals: dict[str, str]  # class -> why the facts do not allow it (Chinese)
    errors: dict[str, str] = field(default_factory=dict)  # field -> message (Chinese)

    @property
    def ok(self) -> bool:
        return not self.errors


def _get(facts: Any, name: str) -> Any:
    if isinstance(facts, Mapping):
        return facts.get(name)
    return getattr(facts, name, None)


def _count(facts: Any, pairs) -> int:
    return sum(1 for f, _ in pairs if _get(facts, f))


def refusal(cls: str, facts: Any) -> str | None:
    """Why the facts do not allow class `cls`, or None when they do."""
    status = _get(facts, "production_status")
    upgrades = _count(facts, UPGRADE_DEFECTS)
    rebuilds = _count(facts, REBUILD_DEFECTS)
    if cls == Classification.REBUILD:
        if rebuilds < REBUILD_MIN_DEFECTS:
            return "认定为“重建”须至少具备一项重建类缺陷（产业失败、无法继续发展、管理无法正常运行）。"
        return None
    if rebuilds:
        return "项目已具备重建类缺陷，应认定为“重建”。"
    if cls == Classification.REVITALISE:
        if status == ProductionStatus.TERMINATED:
            return "终止经营的项目无法盘活；如具备重建类缺陷，应认定为“重建”。"
        if status != ProductionStatus.HALTED:
            return "认定为“盘活”须项目处于停产闲置状态。"
        return None
    if cls == Classification.UPGRADE:
        if status not in RUNNING_STATUSES:
            return "认定为“提升”须项目仍在运行（生产经营正常或经营遇到困难）。"
        if upgrades < UPGRADE_MIN_DEFECTS:
            return f"认定为“提升”须具备两项以上提升类缺陷，目前勾选了{upgrades}项。"
        return None
    if cls == Classification.CONSOLIDATE:
        if status != ProductionStatus.NORMAL:
            return "认定为“巩固”须项目生产经营正常。"
        if _get(facts, "linkage") != Linkage.FULL:
            return "认定为“巩固”须充分发挥联农带农作用。"
        if upgrades >= UPGRADE_MIN_DEFECTS:
            return f"项目具备{upgrades}项提升类缺陷，应认定为“提升”而非“巩固”。"
        return None
    return "未知的分类。"


def stands_granting_defects(cls: str, facts: Mapping) -> bool:
    """Whether `cls` is refused by the recorded facts only for want of the upgrade or
    rebuild defects, which a management ledger (附件5) does not record: the class stands
    once the defects it needs are granted, everything else being checked as usual."""
    if cls == Classification.UPGRADE:
        granted = {**facts, **{f: True for f, _ in UPGRADE_DEFECTS}}
    elif cls == Classification.REBUILD:
        granted = {**facts, REBUILD_DEFECTS[0][0]: True}
    else:
        return False
    return refusal(cls, facts) is not None and refusal(cls, granted) is None


def suggest(facts: Any) -> str | None:
    """The class the facts point to, in the order the notice's tests exclude each other."""
    for cls in (Classification.REBUILD, Classification.REVITALISE, Classification.UPGRADE, Classification.CONSOLIDATE):
        if refusal(cls, facts) is None:
            return cls.value
    return None


def check_facts(facts: Any) -> FactsCheck:
    """Check the recorded facts of a project: the reasons its statuses ask for, and its
    chosen class (if any) against the classification standard."""
    refusals = {}
    consistent = []
    for cls in Classification:
        why = refusal(cls, facts)
        if why is None:
            consistent.append(cls.value)
        else:
            refusals[cls.value] = why
    errors = {}
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
    chosen = _get(facts, "classification")
    if chosen and chosen in refusals:
        errors["classification"] = refusals[chosen]
    return FactsCheck(consistent=consistent, suggested=suggest(facts), refusals=refusals, errors=errors)
