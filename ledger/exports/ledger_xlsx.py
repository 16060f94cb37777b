"""附件5 管理台账 (FORMS.md §7): one row per project, 28 columns under two header rows."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import BinaryIO

from django.utils import timezone

from ledger.choices import (
    HALTED_STATUSES,
    LEDGER_PROBLEM_ORDER,
    OPERATION_MODE_LEDGER_LABEL,
    PRODUCTION_LEDGER_LABEL,
    Classification,
    FunctionalState,
    IndustryType,
    Linkage,
    UseState,
)
from ledger.exports import xlsx
from ledger.extensions import progress_for
from ledger.models import Project

TITLE = "彭水自治县经营性帮扶产业项目“四个一批”管理台账"

SHEET = "管理台账"
SEP = "、"

# (group, label, width); group None spans both header rows. The printed typos
# (四个一分类, 外置整改进展情况) are printed correctly.
COLUMNS = [
    (None, "序号", 5),
    (None, "项目名称", 22),
    (None, "项目编号", 19),
    (None, "实施年度", 6),
    (None, "四个一批分类", 7),
    (None, "责任单位", 16),
    (None, "责任人及联系电话", 14),
    (None, "产业类型", 9),
    ("投资规模（万元）", "小计", 11),
    ("投资规模（万元）", "专项资金", 11),
    ("投资规模（万元）", "其他资金", 11),
    (None, "建设内容", 24),
    (None, "项目地点", 14),
    (None, "运营模式", 9),
    ("项目现值（万元）", "结余资金", 10),
    ("项目现值（万元）", "待收待返资金", 10),
    ("项目现值（万元）", "资产估值", 10),
    ("项目现值（万元）", "其他", 9),
    ("项目现状", "功能现状", 6),
    ("项目现状", "使用现状", 6),
    ("项目现状", "生产经营情况", 8),
    ("项目现状", "存在问题", 16),
    ("项目现状", "原因分析", 18),
    ("联农带农情况", "发挥联农带农作用", 8),
    ("联农带农情况", "未充分发挥联农带农作用原因", 20),
    (None, "处置整改措施", 26),
    (None, "处置整改进展情况", 20),
    (None, "备注", 10),
]

NOTES = [
    "1.运营模式。填写自主经营/委托经营/租赁/合作发展(入股)/股权投资/其他等任选其中一项。",
    "2.功能现状。填写正常、损坏、灭失等任选其中一项。",
    "3.生产经营情况。填写经营正常、经营困难、终止经营等任选其中一项。",
    "4.存在问题。填写停产/亏损/合作主体持续经营存在重大不确定性/未足额分红/到期未全额返还本金/未落实联农带农等可以多选。",
    "5.原因分析。填写时在产业选择不准、配套设施原因、资金短缺、管理不善、用工短缺、原材料供应困难、技术原因、产品价格波动、自然灾害、其他等可以多选。",
    "6.未充分发挥联农带农作用原因。在未按约定有效带动农户发展生产、未按约定吸纳农村劳动力稳定就业、未按约定及时足额分配资产收益任选其中一项。",
]

LINKAGE_LEDGER_LABEL = {Linkage.FULL: "充分", Linkage.INSUFFICIENT: "不充分"}
_CLASS = dict(Classification.choices)
_INDUSTRY = dict(IndustryType.choices)
_FUNCTIONAL = dict(FunctionalState.choices)
_USE = dict(UseState.choices)


def ledger_problems(project: Project) -> list[str]:
    """存在问题 (FORMS.md §2.4 Decision, §7 note 4): 停产 for halted and terminated projects,
    the problems recorded on the project, 未落实联农带农 for insufficient linkage; in the
    order of the fill-in note."""
    found = set(project.recorded_problems)
    if project.production_status in HALTED_STATUSES:
        found.add("停产")
    if project.linkage == Linkage.INSUFFICIENT:
        found.add("未落实联农带农")
    return [p for p in LEDGER_PROBLEM_ORDER if p in found]


def special_funds(project: Project) -> Decimal:
    """专项资金: the rule is the model's (Project.special_funds)."""
    return project.special_funds


def other_funds(project: Project) -> Decimal:
    """其他资金: the rule is the model's (Project.other_funds)."""
    return project.other_funds


def ledger_row(index: int, p: Project, progress: str = "") -> list:
    """The 28 values of one project, in column order (money in 万元)."""
    return [
        index,
        p.name,
        p.number,
        p.year,
        _CLASS.get(p.classification, ""),
        p.responsible_unit,
        f"{p.responsible_person} {p.responsible_phone}".strip(),
        _INDUSTRY.get(p.industry_type, ""),
        xlsx.to_wan(p.investment_total),
        xlsx.to_wan(special_funds(p)),
        xlsx.to_wan(other_funds(p)),
        p.construction_content,
        p.location,
        OPERATION_MODE_LEDGER_LABEL.get(p.operation_mode, ""),
        xlsx.to_wan(p.pv_cash),
        xlsx.to_wan(p.pv_receivable),
        xlsx.to_wan(p.pv_assets),
        xlsx.to_wan(p.pv_other),
        _FUNCTIONAL.get(p.functional_state, ""),
        _USE.get(p.use_state, ""),
        PRODUCTION_LEDGER_LABEL.get(p.production_status, ""),
        SEP.join(ledger_problems(p)),
        SEP.join(p.production_reasons),
        LINKAGE_LEDGER_LABEL.get(p.linkage, ""),
        SEP.join(p.linkage_reasons),
        p.measures,
        progress,
        p.remarks,
    ]


MONEY_COLUMNS = {8, 9, 10, 14, 15, 16, 17}
CENTERED_COLUMNS = {0, 3, 4, 7, 13, 18, 19, 20, 23}


def write_ledger(
    out: BinaryIO,
    projects: Iterable[Project],
    *,
    unit_name: str,
    preparer: str = "",
    reviewer: str = "",
    updated: date | None = None,
    progress: dict[int, str] | None = None,
) -> int:
    """Write the ledger of `projects` (a queryset is streamed) to `out`; returns the number
    of project rows. `progress` maps project id to its 处置整改进展情况 text; when not
    given for a queryset, it comes from the `ledger_progress` extension point. A project with
    no progress there shows the text its imported ledger gave (Project.ledger_progress)."""
    if progress is None:
        progress = progress_for(projects) if hasattr(projects, "values") else {}
    updated = updated or timezone.localdate()
    wb = xlsx.workbook(out)
    st = xlsx.styles(wb)
    ws = wb.add_worksheet(SHEET)
    last = len(COLUMNS) - 1
    info = [
        ("填报单位", unit_name),
        ("审核人", reviewer),
        ("填报人及联系电话", preparer),
        ("更新时间", xlsx.date_text(updated)),
    ]
    row = xlsx.table_head(ws, st, title=TITLE, columns=COLUMNS, info=info, header_heights=(24, 54), freeze_cols=3)

    rows = projects.iterator(chunk_size=2000) if hasattr(projects, "iterator") else projects
    count = 0
    for count, p in enumerate(rows, start=1):
        for col, value in enumerate(ledger_row(count, p, progress.get(p.pk) or p.ledger_progress)):
            fmt = st.wan if col in MONEY_COLUMNS else st.center if col in CENTERED_COLUMNS else st.text
            xlsx.put(ws, row, col, value, fmt)
        row += 1

    row += 1
    ws.merge_range(row, 0, row, last, "填表说明：", st.note)
    for note in NOTES:
        row += 1
        ws.merge_range(row, 0, row, last, note, st.note)
    wb.close()
    return count
