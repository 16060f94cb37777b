"""附件1–3 分类及处置措施申请表 (FORMS.md §2): the form's contents, laid out once for the
print page and the workbook (one sheet per project)."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO

from ledger.choices import (
    FORM_TITLE,
    FORM_VARIANT,
    FUND_PARTS,
    LINKAGE_REASONS,
    PART_LABELS,
    PRESENT_VALUE_FIELDS,
    PRODUCTION_REASONS,
    Classification,
    FunctionalState,
    IndustryType,
    Linkage,
    ManagingLevel,
    OperationMode,
    ProductionStatus,
    UseState,
)
from ledger.exports import xlsx
from ledger.models import Project

ON, OFF = "☑", "□"
OPINIONS = [
    ("village", "村委会意见"),
    ("township", "乡镇(街道)意见"),
    ("county", "县实施乡村振兴战略领导小组意见"),
]
SEAL = "盖章"
DATE_BLANK = "年　　月　　日"


@dataclass
class FormRow:
    label: str
    value: str
    label2: str = ""  # a second label/value pair on the same line
    value2: str = ""
    tall: bool = False


def yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def ticks(options: Iterable[tuple[str, str]], chosen) -> str:
    """种植业☑ 养殖业□ …: every option of the paper form, the chosen ones ticked."""
    chosen = set(chosen) if isinstance(chosen, (set, list, tuple)) else {chosen}
    return "　".join(f"{label}{ON if value in chosen else OFF}" for value, label in options)


def form_title(p: Project) -> tuple[str, str, str]:
    """(附件N, title, variant in brackets)."""
    return FORM_VARIANT[p.managing_level], FORM_TITLE, f"（{ManagingLevel(p.managing_level).label}）"


def investment_text(p: Project) -> str:
    lines = [f"合计：{yuan(p.investment_total)}元"]
    for i, (fund, (label, parts)) in enumerate(FUND_PARTS.items(), start=1):
        if len(parts) == 1:
            lines.append(f"{i}.{label}{yuan(getattr(p, parts[0]))}元；")
            continue
        detail = "，".join(f"{PART_LABELS[f.split('_')[1]]}{yuan(getattr(p, f))}元" for f in parts)
        lines.append(f"{i}.{label}{yuan(p.fund_total(fund))}元，其中：{detail}；")
    return "\n".join(lines)


def present_value_text(p: Project) -> str:
    return "　".join(f"{i}.{label}{yuan(getattr(p, f))}元" for i, (f, label) in enumerate(PRESENT_VALUE_FIELDS, 1))


def production_text(p: Project) -> str:
    reasons = [f for f, _ in PRODUCTION_REASONS if getattr(p, f)]
    status = p.production_status
    normal = ON if status == ProductionStatus.NORMAL else OFF
    abnormal = OFF if status == ProductionStatus.NORMAL else ON
    halted = ON if status in (ProductionStatus.HALTED, ProductionStatus.TERMINATED) else OFF
    difficult = ON if status == ProductionStatus.DIFFICULTY else OFF
    halted_reasons = ticks(PRODUCTION_REASONS, reasons if halted == ON else [])
    difficult_reasons = ticks(PRODUCTION_REASONS, reasons if difficult == ON else [])
    ended = "（终止经营）" if status == ProductionStatus.TERMINATED else ""
    return (
        f"生产经营正常{normal}　生产经营不正常{abnormal}\n"
        f"停产闲置{halted}{ended}：{halted_reasons}\n"
        f"经营遇到困难{difficult}：{difficult_reasons}"
    )


def linkage_text(p: Project) -> str:
    full = ON if p.linkage == Linkage.FULL else OFF
    part = OFF if p.linkage == Linkage.FULL else ON
    reasons = ticks(LINKAGE_REASONS, [f for f, _ in LINKAGE_REASONS if getattr(p, f)])
    return f"充分发挥联农带农作用{full}\n发挥联农带农作用不充分{part}：{reasons}"


def form_rows(p: Project) -> list[FormRow]:
    """The boxes of the paper form, top to bottom."""
    village = p.village.short_name if p.village_id else ""
    return [
        FormRow("项目名称", p.name, "项目编号", p.number),
        FormRow("项目地点", f"镇(乡)：{p.township.name}　村(居)：{village}", "实施年度", str(p.year)),
        FormRow("责任单位", p.responsible_unit, "责任人及联系电话", f"{p.responsible_person} {p.responsible_phone}"),
        FormRow("产业类型", ticks(IndustryType.choices, p.industry_type)),
        FormRow("投资规模", investment_text(p)),
        FormRow("项目现值(估算)", present_value_text(p)),
        FormRow("运营模式", ticks(OperationMode.choices, p.operation_mode)),
        FormRow(
            "项目现状",
            f"功能现状：{ticks(FunctionalState.choices, p.functional_state)}　"
            f"使用现状：{ticks(UseState.choices, p.use_state)}\n{production_text(p)}",
        ),
        FormRow("联农带农情况", linkage_text(p)),
        FormRow("“四个一批”认定", ticks(Classification.choices, p.classification)),
        FormRow("处置措施", p.measures, tall=True),
    ]


# ---- workbook -------------------------------------------------------------------------
WIDTHS = [14, 30, 14, 30]


def _sheet_name(p: Project, used: set[str]) -> str:
    base = "".join(ch for ch in p.number if ch not in "[]:*?/\\'")[:31] or f"项目{p.pk}"
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base[:27]}_{n}"
    used.add(name)
    return name


def write_form_sheet(wb, st, fmt, p: Project, name: str) -> None:
    ws = wb.add_worksheet(name)
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width)
    variant, title, sub = form_title(p)
    ws.write_string(0, 0, variant, st.info)
    ws.set_row(1, 40)
    ws.merge_range(1, 0, 1, 3, title, fmt["title"])
    ws.merge_range(2, 0, 2, 3, sub, fmt["subtitle"])
    row = 3
    for r in form_rows(p):
        lines = max(r.value.count("\n") + 1, 2 if len(r.value) > 40 else 1)
        ws.set_row(row, max(22, 16 * lines + 6) if not r.tall else 80)
        xlsx.put(ws, row, 0, r.label, st.header)
        if r.label2:
            xlsx.put(ws, row, 1, r.value, st.text)
            xlsx.put(ws, row, 2, r.label2, st.header)
            xlsx.put(ws, row, 3, r.value2, st.text)
        else:
            ws.merge_range(row, 1, row, 3, "", st.text)
            xlsx.put(ws, row, 1, r.value, st.text)
        row += 1
    for _, label in OPINIONS:
        ws.set_row(row, 96)
        xlsx.put(ws, row, 0, label, st.header)
        ws.merge_range(row, 1, row, 3, "", fmt["opinion"])
        ws.write_string(row, 1, f"\n\n\n{SEAL}　　　　\n{DATE_BLANK}", fmt["opinion"])
        row += 1
    ws.set_portrait()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 1)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.center_horizontally()


def write_forms(out: BinaryIO, projects: Iterable[Project]) -> int:
    """One sheet per project (a queryset is streamed); returns the number of sheets."""
    # Many small sheets: kept in memory, since constant_memory holds a temporary file open
    # per sheet.
    wb = xlsx.workbook(out, constant_memory=False)
    st = xlsx.styles(wb)
    fmt = {
        "title": wb.add_format(
            {
                "font_name": xlsx.FONT,
                "font_size": 15,
                "bold": True,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
            }
        ),
        "subtitle": wb.add_format({"font_name": xlsx.FONT, "font_size": 12, "align": "center"}),
        "opinion": wb.add_format(
            {
                "font_name": xlsx.FONT,
                "font_size": 10,
                "border": 1,
                "text_wrap": True,
                "align": "right",
                "valign": "bottom",
            }
        ),
    }
    used: set[str] = set()
    rows = projects.iterator(chunk_size=2000) if hasattr(projects, "iterator") else projects
    count = 0
    for count, p in enumerate(rows, start=1):
        write_form_sheet(wb, st, fmt, p, _sheet_name(p, used))
    if count == 0:
        ws = wb.add_worksheet("申请表")
        ws.write_string(0, 0, "没有项目。")
    wb.close()
    return count
