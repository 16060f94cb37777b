"""The 28 columns of the management ledger (附件5), each declared once.

A column says where it sits (its group over the two header rows), how wide it is, how
its cells are formatted, how a project fills its cell, and how a cell read back from a
ledger fills the project: the import target it feeds, the other spellings of its header,
and the words its values are written with (reversed to read them back). The export
(ledger.exports.ledger_xlsx) and the import (ledger.imports.mapping and .convert) are
derived from this table, so a ledger we export imports back unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db import models

from ledger.choices import (
    HALTED_STATUSES,
    LEDGER_PROBLEM_ORDER,
    LINKAGE_REASONS,
    OPERATION_MODE_LEDGER_LABEL,
    PRODUCTION_LEDGER_LABEL,
    PRODUCTION_REASONS,
    RECORDED_PROBLEMS,
    Classification,
    FunctionalState,
    IndustryType,
    Linkage,
    OperationMode,
    ProductionStatus,
    UseState,
)
from ledger.models import Project

SEP = "、"  # several facts in one cell (附件5 notes 4–6)
TOTAL_CHECK = "total_check"  # the import target of 小计: checked against the parts, never stored
WAN_GROUP = "（万元）"

CellValue = str | int | Decimal


class CellFormat(models.TextChoices):
    TEXT = "text", "文本"
    MONEY = "money", "金额（万元）"
    CENTRED = "centred", "居中"


@dataclass(frozen=True)
class RowContext:
    """What a row holds beyond its project: its 序号 and its 处置整改进展情况 text."""

    index: int
    progress: str = ""


Cell = Callable[[Project, RowContext], CellValue]


# ---- values the ledger derives from a project ----------------------------------------
# 附件5 存在问题: 停产 and 未落实联农带农 are derived from the status and the linkage; the
# other four are recorded on the project.
DERIVED_PROBLEMS = frozenset({"停产", "未落实联农带农"})
assert {label for _, label in RECORDED_PROBLEMS} | DERIVED_PROBLEMS == set(LEDGER_PROBLEM_ORDER)


def ledger_problems(project: Project) -> list[str]:
    """存在问题 (附件5 note 4): 停产 for halted and terminated projects, the problems
    recorded on the project, 未落实联农带农 for insufficient linkage; in the order of the
    fill-in note."""
    found = set(project.recorded_problems)
    if project.production_status in HALTED_STATUSES:
        found.add("停产")
    if project.linkage == Linkage.INSUFFICIENT:
        found.add("未落实联农带农")
    return [p for p in LEDGER_PROBLEM_ORDER if p in found]


# ---- one column -----------------------------------------------------------------------
@dataclass(frozen=True)
class LedgerColumn:
    """One column of 附件5. Without `cell`, a project fills it from the field named by
    `target`: the ledger's word for a choice, the labels of the `flags` set joined by 、,
    or the value itself."""

    header: str
    width: int
    group: str | None = None  # the merged group above it; None spans both header rows
    format: CellFormat = CellFormat.TEXT
    target: str = ""  # the import target this column feeds ("" for none)
    cell: Cell | None = None
    spellings: tuple[str, ...] = ()  # other spellings of the header (printed typos, older forms)
    grouped_only: bool = False  # the header alone is too common to identify the column
    choices: type[models.TextChoices] | None = None
    labels: Mapping[Any, str] = field(default_factory=dict)  # value → the ledger's word, where not the label
    read_as: Mapping[str, Any] = field(default_factory=dict)  # more words a clerk writes → value
    flags: Sequence[tuple[str, str]] = ()  # (field, label): several facts in one cell

    def value(self, project: Project, row: RowContext) -> CellValue:
        """The cell of `project` (money in yuan; the writer converts it to 万元)."""
        if self.cell is not None:
            return self.cell(project, row)
        if self.flags:
            return SEP.join(project.chosen(self.flags))
        value: CellValue = getattr(project, self.target)
        if self.choices is not None:
            return self.written_labels.get(str(value), "")
        return value

    @cached_property
    def written_labels(self) -> dict[str, str]:
        """Choice value → the word the ledger writes."""
        assert self.choices is not None
        return {**{str(c.value): str(c.label) for c in self.choices}, **self.labels}

    def read_labels(self) -> dict[str, str]:
        """Word in a cell → choice value (or, for `flags`, → field): the labels of the
        choices, the ledger's own words, and the other words a clerk writes."""
        if self.flags:
            return {label: name for name, label in self.flags}
        assert self.choices is not None
        table = {str(c.label): str(c.value) for c in self.choices}
        for value, label in self.labels.items():
            table.setdefault(label, str(value))  # a word written for two values reads as the first
        table.update({word: str(value) for word, value in self.read_as.items()})
        return table

    @property
    def synonyms(self) -> list[str]:
        """The header names that identify the column in a file, most specific first: with
        its group ("投资规模/小计"), alone, then the other spellings."""
        names = [f"{self.group.removesuffix(WAN_GROUP)}/{self.header}"] if self.group else []
        if not self.grouped_only:
            names.append(self.header)
        return names + list(self.spellings)


def _index(project: Project, row: RowContext) -> int:
    return row.index


def _progress(project: Project, row: RowContext) -> str:
    return row.progress


def _person_and_phone(project: Project, row: RowContext) -> str:
    return f"{project.responsible_person} {project.responsible_phone}".strip()


def _total(project: Project, row: RowContext) -> Decimal:
    return project.investment_total


def _special(project: Project, row: RowContext) -> Decimal:
    return project.special_funds


def _other(project: Project, row: RowContext) -> Decimal:
    return project.other_funds


def _location(project: Project, row: RowContext) -> str:
    return project.location


def _problems(project: Project, row: RowContext) -> str:
    return SEP.join(ledger_problems(project))


PROPOSED_MARK = "（拟）"  # a class proposed by the unit, not yet in force (see the ledger's notes)


def _class(project: Project, row: RowContext) -> str:
    """The class in force; with none, the proposed class marked （拟）, or nothing."""
    if project.classification:
        return str(Classification(project.classification).label)
    if project.proposed_classification:
        return PROPOSED_MARK + str(Classification(project.proposed_classification).label)
    return ""


INVESTMENT_GROUP = "投资规模（万元）"
PRESENT_VALUE_GROUP = "项目现值（万元）"
STATUS_GROUP = "项目现状"
LINKAGE_GROUP = "联农带农情况"
MONEY, CENTRED = CellFormat.MONEY, CellFormat.CENTRED

# The printed typos of the form (四个一分类, 外置整改进展情况) are printed correctly and
# still read back.
LEDGER_COLUMNS: tuple[LedgerColumn, ...] = (
    LedgerColumn("序号", 5, format=CENTRED, cell=_index),
    LedgerColumn("项目名称", 22, target="name"),
    LedgerColumn("项目编号", 19, target="number"),
    LedgerColumn("实施年度", 6, format=CENTRED, target="year"),
    LedgerColumn(
        "四个一批分类",
        7,
        format=CENTRED,
        target="classification",
        cell=_class,
        spellings=("“四个一批”分类", "四个一分类"),
        choices=Classification,
        read_as={
            # a proposed class read back is no class in force
            **{PROPOSED_MARK + str(c.label): "" for c in Classification},
            "另起炉灶": Classification.REBUILD,
            "另起炉灶项目": Classification.REBUILD,
            "巩固项目": Classification.CONSOLIDATE,
            "提升项目": Classification.UPGRADE,
            "盘活项目": Classification.REVITALISE,
            "重建项目": Classification.REBUILD,
        },
    ),
    LedgerColumn("责任单位", 16, target="responsible_unit"),
    LedgerColumn("责任人及联系电话", 14, target="responsible_both", cell=_person_and_phone),
    LedgerColumn(
        "产业类型",
        9,
        format=CENTRED,
        target="industry_type",
        choices=IndustryType,
        read_as={
            "养殖": IndustryType.LIVESTOCK,
            "种植": IndustryType.PLANTING,
            "乡村旅游": IndustryType.TOURISM,
            "光伏": IndustryType.PHOTOVOLTAIC,
            "冷链物流": IndustryType.COLD_CHAIN,
            "加工": IndustryType.PROCESSING,
        },
    ),
    LedgerColumn("小计", 11, INVESTMENT_GROUP, MONEY, target=TOTAL_CHECK, cell=_total),
    LedgerColumn("专项资金", 11, INVESTMENT_GROUP, MONEY, target="fund1_central", cell=_special),
    LedgerColumn("其他资金", 11, INVESTMENT_GROUP, MONEY, target="fund2_central", cell=_other),
    LedgerColumn("建设内容", 24, target="construction_content"),
    LedgerColumn("项目地点", 14, target="location", cell=_location),
    LedgerColumn(
        "运营模式",
        9,
        format=CENTRED,
        target="operation_mode",
        choices=OperationMode,
        labels=OPERATION_MODE_LEDGER_LABEL,
        read_as={
            "合作发展": OperationMode.COOPERATIVE,
            "入股": OperationMode.COOPERATIVE,
            "合作发展（入股）": OperationMode.COOPERATIVE,
        },
    ),
    LedgerColumn("结余资金", 10, PRESENT_VALUE_GROUP, MONEY, target="pv_cash"),
    LedgerColumn("待收待返资金", 10, PRESENT_VALUE_GROUP, MONEY, target="pv_receivable"),
    LedgerColumn("资产估值", 10, PRESENT_VALUE_GROUP, MONEY, target="pv_assets"),
    LedgerColumn("其他", 9, PRESENT_VALUE_GROUP, MONEY, target="pv_other", grouped_only=True),
    LedgerColumn("功能现状", 6, STATUS_GROUP, CENTRED, target="functional_state", choices=FunctionalState),
    LedgerColumn("使用现状", 6, STATUS_GROUP, CENTRED, target="use_state", choices=UseState),
    LedgerColumn(
        "生产经营情况",
        8,
        STATUS_GROUP,
        CENTRED,
        target="production_status",
        choices=ProductionStatus,
        labels=PRODUCTION_LEDGER_LABEL,
        read_as={"正常": ProductionStatus.NORMAL},
    ),
    LedgerColumn("存在问题", 16, STATUS_GROUP, target="problems", cell=_problems, flags=RECORDED_PROBLEMS),
    LedgerColumn("原因分析", 18, STATUS_GROUP, target="reasons", flags=PRODUCTION_REASONS),
    LedgerColumn(
        "发挥联农带农作用",
        8,
        LINKAGE_GROUP,
        CENTRED,
        target="linkage",
        choices=Linkage,
        labels={Linkage.FULL: "充分", Linkage.INSUFFICIENT: "不充分"},
        read_as={"是": Linkage.FULL, "否": Linkage.INSUFFICIENT, "未充分发挥联农带农作用": Linkage.INSUFFICIENT},
    ),
    LedgerColumn("未充分发挥联农带农作用原因", 20, LINKAGE_GROUP, target="linkage_reasons", flags=LINKAGE_REASONS),
    LedgerColumn("处置整改措施", 26, target="measures"),
    LedgerColumn("处置整改进展情况", 20, target="ledger_progress", cell=_progress, spellings=("外置整改进展情况",)),
    LedgerColumn("备注", 10, target="remarks"),
)
BY_TARGET: dict[str, LedgerColumn] = {c.target: c for c in LEDGER_COLUMNS if c.target}


def column_for(target: str) -> LedgerColumn:
    """The ledger column that feeds an import target."""
    return BY_TARGET[target]
