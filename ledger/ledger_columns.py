"""The 28 columns of the management ledger (附件5), each declared once.

A column says where it sits (its group over the two header rows), how wide it is, how
its cells are formatted, how a project fills its cell, and how a cell read back from a
ledger fills the project: the import target it feeds, the other spellings of its header,
and the words its values are written with (reversed to read them back). The export
(ledger.exports.ledger_xlsx) and the import (ledger.imports.mapping and .convert) are
derived from this table, so a ledger we export imports back unchanged.
"""

from __future__ import annotations

import operator
from collections import namedtuple
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, cached_property, lru_cache, reduce
from itertools import compress
from typing import Any

from django.db import models
from django.db.models import ExpressionWrapper, F, QuerySet

from ledger.choices import (
    FUND_PARTS,
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
from ledger.models.projects import project_location

SEP = "、"  # several facts in one cell (附件5 notes 4–6)
TOTAL_CHECK = "total_check"  # the import target of 小计: checked against the parts, never stored
WAN_GROUP = "（万元）"

CellValue = str | int | Decimal
# What a cell reads: a Project, or one row of `ledger_values` (the same names: the
# fields, and the values Project derives, computed by the database as DERIVED says).
ProjectFacts = Any


class CellFormat(models.TextChoices):
    TEXT = "text", "文本"
    MONEY = "money", "金额（万元）"
    CENTRED = "centred", "居中"


@dataclass(frozen=True)
class RowContext:
    """What a row holds beyond its project: its 序号 and its 处置整改进展情况 text."""

    index: int
    progress: str = ""


Cell = Callable[[ProjectFacts, RowContext], CellValue]


# ---- values the ledger derives from a project ----------------------------------------
# 附件5 存在问题: 停产 and 未落实联农带农 are derived from the status and the linkage; the
# other four are recorded on the project.
DERIVED_PROBLEMS = frozenset({"停产", "未落实联农带农"})
assert {label for _, label in RECORDED_PROBLEMS} | DERIVED_PROBLEMS == set(LEDGER_PROBLEM_ORDER)


def chosen(project: ProjectFacts, pairs: Sequence[tuple[str, str]]) -> list[str]:
    """Labels of the boolean facts of `pairs` that are set (as Project.chosen)."""
    return list(compress([label for _, label in pairs], _flags_of(tuple(pairs))(project)))


@cache
def _flags_of(pairs: tuple[tuple[str, str], ...]) -> Callable[[ProjectFacts], Sequence[bool]]:
    """A function giving the facts of `pairs` of a project, in order."""
    if len(pairs) == 1:
        name = pairs[0][0]
        return lambda project: (getattr(project, name),)
    return operator.attrgetter(*(name for name, _ in pairs))


def ledger_problems(project: ProjectFacts) -> list[str]:
    """存在问题 (附件5 note 4): 停产 for halted and terminated projects, the problems
    recorded on the project, 未落实联农带农 for insufficient linkage; in the order of the
    fill-in note."""
    found = set(chosen(project, RECORDED_PROBLEMS))
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
    reads: tuple[str, ...] = ()  # the facts a `cell` reads: fields, or names of DERIVED
    number: bool = False  # its cells are numbers (序号, 实施年度), not text

    def value(self, project: ProjectFacts, row: RowContext) -> CellValue:
        """The cell of `project` (money in yuan; the writer converts it to 万元)."""
        return self.read(project, row)

    @cached_property
    def read(self) -> Cell:
        """`value` as one function made for the column (a ledger calls it for every row)."""
        if self.cell is not None:
            return self.cell
        if self.flags:
            labels, facts = [label for _, label in self.flags], _flags_of(tuple(self.flags))
            return lambda project, row: SEP.join(compress(labels, facts(project)))
        get = operator.attrgetter(self.target)
        if self.choices is not None:
            written = self.written_labels  # keyed by str values: a TextChoices member finds its own
            return lambda project, row: written.get(get(project), "")
        return lambda project, row: get(project)

    @property
    def facts(self) -> tuple[str, ...]:
        """The names the cell reads from a project (see ledger_values)."""
        if self.cell is not None:
            return self.reads
        if self.flags:
            return tuple(name for name, _ in self.flags)
        return (self.target,)

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


def _index(project: ProjectFacts, row: RowContext) -> int:
    return row.index


def _progress(project: ProjectFacts, row: RowContext) -> str:
    return row.progress


def _person_and_phone(project: ProjectFacts, row: RowContext) -> str:
    return f"{project.responsible_person} {project.responsible_phone}".strip()


def _total(project: ProjectFacts, row: RowContext) -> Decimal:
    value: Decimal = project.investment_total
    return value


def _special(project: ProjectFacts, row: RowContext) -> Decimal:
    value: Decimal = project.special_funds
    return value


def _other(project: ProjectFacts, row: RowContext) -> Decimal:
    value: Decimal = project.other_funds
    return value


def _location(project: ProjectFacts, row: RowContext) -> str:
    value: str = project.location
    return value


def _problems(project: ProjectFacts, row: RowContext) -> str:
    return SEP.join(ledger_problems(project))


PROPOSED_MARK = "（拟）"  # a class proposed by the unit, not yet in force (see the ledger's notes)


def _class(project: ProjectFacts, row: RowContext) -> str:
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
    LedgerColumn("序号", 5, format=CENTRED, cell=_index, number=True),
    LedgerColumn("项目名称", 22, target="name"),
    LedgerColumn("项目编号", 19, target="number"),
    LedgerColumn("实施年度", 6, format=CENTRED, target="year", number=True),
    LedgerColumn(
        "四个一批分类",
        7,
        format=CENTRED,
        target="classification",
        cell=_class,
        reads=("classification", "proposed_classification"),
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
    LedgerColumn(
        "责任人及联系电话",
        14,
        target="responsible_both",
        cell=_person_and_phone,
        reads=("responsible_person", "responsible_phone"),
    ),
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
    LedgerColumn("小计", 11, INVESTMENT_GROUP, MONEY, target=TOTAL_CHECK, cell=_total, reads=("investment_total",)),
    LedgerColumn(
        "专项资金", 11, INVESTMENT_GROUP, MONEY, target="fund1_central", cell=_special, reads=("special_funds",)
    ),
    LedgerColumn("其他资金", 11, INVESTMENT_GROUP, MONEY, target="fund2_central", cell=_other, reads=("other_funds",)),
    LedgerColumn("建设内容", 24, target="construction_content"),
    LedgerColumn("项目地点", 14, target="location", cell=_location, reads=("location",)),
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
    LedgerColumn(
        "存在问题",
        16,
        STATUS_GROUP,
        target="problems",
        cell=_problems,
        flags=RECORDED_PROBLEMS,
        reads=(*(name for name, _ in RECORDED_PROBLEMS), "production_status", "linkage"),
    ),
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


# ---- the ledger's facts read as values ------------------------------------------------
def _sum(fields: Sequence[str]) -> ExpressionWrapper[Any]:
    total = reduce(operator.add, (F(name) for name in fields))
    return ExpressionWrapper(total, output_field=models.DecimalField(max_digits=16, decimal_places=2))


# The money Project derives (Project.investment_total, special_funds, other_funds), summed by
# the database from the same tables of funds, so that a ledger of many projects reads values
# without building a Project for each row.
DERIVED: dict[str, Any] = {
    # the stored total (Project.investment, a generated column, D125)
    "investment_total": F("investment"),
    "special_funds": _sum(FUND_PARTS["fund1"][1]),
    "other_funds": _sum([name for key, (_, parts) in FUND_PARTS.items() if key != "fund1" for name in parts]),
}
LEDGER_FACTS = tuple(dict.fromkeys(name for column in LEDGER_COLUMNS for name in column.facts))
_READ = ("pk", "ledger_progress", *(n for n in LEDGER_FACTS if n != "location"), "township__name", "village__name")


class LedgerFacts(namedtuple("_Facts", _READ)):  # type: ignore[misc]
    """One project's facts read as values by `ledger_values`, by the names a Project has:
    `pk`, `ledger_progress` and LEDGER_FACTS (`location` made by Project's own rule,
    ledger.models.projects.project_location)."""

    __slots__ = ()

    pk: int
    ledger_progress: str
    township__name: str
    village__name: str | None

    @property
    def location(self) -> str:
        return _place(self.township__name, self.village__name or "")


@lru_cache(maxsize=10_000)
def _place(township: str, village: str) -> str:
    return project_location(township, village)


def ledger_values(projects: QuerySet[Project], chunk_size: int = 2000) -> Iterator[LedgerFacts]:
    """The facts the ledger's columns read, for each of `projects` in its order: one query
    of values, streamed."""
    derived = {name: DERIVED[name] for name in LEDGER_FACTS if name in DERIVED}
    make = LedgerFacts._make
    for values in projects.annotate(**derived).values_list(*_READ).iterator(chunk_size=chunk_size):
        yield make(values)
