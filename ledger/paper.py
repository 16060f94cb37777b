"""A project's application form (附件1–3) as the paper prints it, laid out once.

`paper_form(project, opinions)` gives the title of the form's variant, every option of each group
with its tick, the four funds, the present values, the three opinion boxes and the
form's boxes top to bottom as text. The project page and the A4 print page render it
(ticks through templates/ledger/_marks.html), the form workbook (ledger.exports.forms)
writes its boxes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import NamedTuple

from ledger.choices import (
    FORM_TITLE,
    FORM_TITLE_OF,
    FORM_VARIANT,
    FUND_PARTS,
    HALTED_STATUSES,
    LINKAGE_REASONS,
    PART_LABELS,
    PRESENT_VALUE_FIELDS,
    PRODUCTION_REASONS,
    REBUILD_DEFECTS,
    RECORDED_PROBLEMS,
    UPGRADE_DEFECTS,
    Classification,
    FunctionalState,
    IndustryType,
    Linkage,
    ManagingLevel,
    OperationMode,
    ProductionStatus,
    UseState,
)
from ledger.models import Project

# The project's own print page and workbook show its current facts, not the form as filed.
NOT_AN_APPLICATION = "本页为项目当前信息，非报送的申请表"
ON, OFF = "☑", "□"  # the ticks of the printed form; the pages draw theirs in _marks.html
SEAL = "盖章"
DATE_BLANK = "年　　月　　日"


class Mark(NamedTuple):
    """One option of the form and whether it is ticked."""

    label: str
    on: bool


class Fund(NamedTuple):
    label: str
    total: Decimal
    parts: list[tuple[str, Decimal]]  # (label, amount); none for a fund of one part


class Opinion(NamedTuple):
    """An opinion box: empty on a blank form; on an application as filed, the opinion
    given in it (unit, text, who and when), with room left for the seal."""

    key: str
    label: str
    unit: str = ""
    text: str = ""
    signer: str = ""
    signed_on: str = ""  # the date as the form writes it (2024年3月5日)


# The opinion boxes at the foot of each variant, signed and sealed on paper (十三, 十九).
OPINIONS = [
    Opinion("village", "村委会意见"),
    Opinion("township", "乡镇(街道)意见"),
    Opinion("county", "县实施乡村振兴战略领导小组意见"),
]


@dataclass(frozen=True)
class Box:
    """One box of the printed form: a label and its text, with a second pair on the same
    line for the short fields."""

    label: str
    value: str
    label2: str = ""
    value2: str = ""
    tall: bool = False


@dataclass(frozen=True)
class PaperForm:
    variant: str  # 附件1, 附件2 or 附件3
    title: str
    subtitle: str  # the variant's name, printed in brackets under the title
    industry: list[Mark]
    operation: list[Mark]
    functional: list[Mark]
    use: list[Mark]
    normal: list[Mark]  # 生产经营正常
    abnormal: list[Mark]  # 生产经营不正常
    halted: list[Mark]  # 停产闲置, and the reasons under it
    halted_reasons: list[Mark]
    terminated: bool  # halted for good: 终止经营
    difficulty: list[Mark]  # 经营遇到困难, and the reasons under it
    difficulty_reasons: list[Mark]
    linkage_full: list[Mark]
    linkage_insufficient: list[Mark]
    linkage_reasons: list[Mark]
    classification: list[Mark]
    measures: str
    upgrade_defects: list[Mark]
    rebuild_defects: list[Mark]
    problems: list[Mark]
    investment_total: Decimal
    funds: list[Fund]
    present_values: list[tuple[str, Decimal]]
    opinions: list[Opinion]
    boxes: list[Box] = field(default_factory=list)  # the printed form's boxes as text, top to bottom


def form_class(project: Project) -> tuple[str, str]:
    """The class and measures the form (附件1–3) shows: those in force once a decision has
    taken effect, before that the ones the unit proposes."""
    if project.classification:
        return project.classification, project.measures
    return project.proposed_classification, project.proposed_measures


def _one_of(choices: Iterable[tuple[str, str]], value: str) -> list[Mark]:
    return [Mark(label, key == value) for key, label in choices]


def _flags(project: Project, pairs: Sequence[tuple[str, str]], show: bool = True) -> list[Mark]:
    return [Mark(label, show and bool(getattr(project, field))) for field, label in pairs]


def _option(label: str, on: bool) -> list[Mark]:
    """An option the form prints on its own, with its own box."""
    return [Mark(label, on)]


def _funds(project: Project) -> list[Fund]:
    return [
        Fund(
            label,
            project.fund_total(key),
            [(PART_LABELS[p.rsplit("_", 1)[1]], getattr(project, p)) for p in parts] if len(parts) > 1 else [],
        )
        for key, (label, parts) in FUND_PARTS.items()
    ]


def paper_form(project: Project, opinions: Sequence[Opinion] | None = None) -> PaperForm:
    """The form of `project` (a saved project, or one rebuilt unsaved from a copy as filed)
    with its opinion boxes: `opinions` as given, or the three empty boxes."""
    status = project.production_status
    halted, difficulty = status in HALTED_STATUSES, status == ProductionStatus.DIFFICULTY
    level = ManagingLevel(project.managing_level)
    form = PaperForm(
        variant=FORM_VARIANT[level],
        title=FORM_TITLE_OF.format(county=project.county.short_name) if project.county_id else FORM_TITLE,
        subtitle=level.label,
        industry=_one_of(IndustryType.choices, project.industry_type),
        operation=_one_of(OperationMode.choices, project.operation_mode),
        functional=_one_of(FunctionalState.choices, project.functional_state),
        use=_one_of(UseState.choices, project.use_state),
        normal=_option("生产经营正常", status == ProductionStatus.NORMAL),
        abnormal=_option("生产经营不正常", status != ProductionStatus.NORMAL),
        halted=_option("停产闲置", halted),
        halted_reasons=_flags(project, PRODUCTION_REASONS, halted),
        terminated=status == ProductionStatus.TERMINATED,
        difficulty=_option("经营遇到困难", difficulty),
        difficulty_reasons=_flags(project, PRODUCTION_REASONS, difficulty),
        linkage_full=_option(Linkage.FULL.label, project.linkage == Linkage.FULL),
        linkage_insufficient=_option(Linkage.INSUFFICIENT.label, project.linkage == Linkage.INSUFFICIENT),
        linkage_reasons=_flags(project, LINKAGE_REASONS),
        classification=_one_of(Classification.choices, form_class(project)[0]),
        measures=form_class(project)[1],
        upgrade_defects=_flags(project, UPGRADE_DEFECTS),
        rebuild_defects=_flags(project, REBUILD_DEFECTS),
        problems=_flags(project, RECORDED_PROBLEMS),
        investment_total=project.investment_total,
        funds=_funds(project),
        present_values=[(label, getattr(project, field)) for field, label in PRESENT_VALUE_FIELDS],
        opinions=list(OPINIONS if opinions is None else opinions),
    )
    return replace(form, boxes=_boxes(project, form))


# ---- the boxes as text (the A4 print page and the workbook) ---------------------------
def ticks(marks: Iterable[Mark]) -> str:
    """种植业☑　养殖业□ …: every option of a group, the chosen ones ticked."""
    return "　".join(f"{m.label}{ON if m.on else OFF}" for m in marks)


def yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _investment_text(form: PaperForm) -> str:
    lines = [f"合计：{yuan(form.investment_total)}元"]
    for i, fund in enumerate(form.funds, start=1):
        if fund.parts:
            detail = "，".join(f"{label}{yuan(amount)}元" for label, amount in fund.parts)
            lines.append(f"{i}.{fund.label}{yuan(fund.total)}元，其中：{detail}；")
        else:
            lines.append(f"{i}.{fund.label}{yuan(fund.total)}元；")
    return "\n".join(lines)


def _present_value_text(form: PaperForm) -> str:
    return "　".join(f"{i}.{label}{yuan(amount)}元" for i, (label, amount) in enumerate(form.present_values, 1))


def _status_text(form: PaperForm) -> str:
    ended = "（终止经营）" if form.terminated else ""
    return (
        f"功能现状：{ticks(form.functional)}　使用现状：{ticks(form.use)}\n"
        f"{ticks(form.normal)}　{ticks(form.abnormal)}\n"
        f"{ticks(form.halted)}{ended}：{ticks(form.halted_reasons)}\n"
        f"{ticks(form.difficulty)}：{ticks(form.difficulty_reasons)}"
    )


def _linkage_text(form: PaperForm) -> str:
    return f"{ticks(form.linkage_full)}\n{ticks(form.linkage_insufficient)}：{ticks(form.linkage_reasons)}"


def _boxes(p: Project, form: PaperForm) -> list[Box]:
    """The boxes of the printed form, top to bottom."""
    village = p.village.short_name if p.village is not None else ""
    return [
        Box("项目名称", p.name, "项目编号", p.number),
        Box("项目地点", f"镇(乡)：{p.township.name}　村(居)：{village}", "实施年度", str(p.year)),
        Box("责任单位", p.responsible_unit, "责任人及联系电话", f"{p.responsible_person} {p.responsible_phone}"),
        Box("产业类型", ticks(form.industry)),
        Box("投资规模", _investment_text(form)),
        Box("项目现值(估算)", _present_value_text(form)),
        Box("运营模式", ticks(form.operation)),
        Box("项目现状", _status_text(form)),
        Box("联农带农情况", _linkage_text(form)),
        Box("“四个一批”认定", ticks(form.classification)),
        Box("处置措施", form_class(p)[1], tall=True),
    ]
