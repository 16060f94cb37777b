"""附件5 管理台账: one row per project, 28 columns under two header rows (the columns are
declared in ledger.ledger_columns)."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any, BinaryIO

from django.db.models import QuerySet
from django.utils import timezone

from ledger import xlsx
from ledger.extensions import progress_for
from ledger.ledger_columns import (
    LEDGER_COLUMNS,
    CellFormat,
    CellValue,
    LedgerColumn,
    ProjectFacts,
    RowContext,
    ledger_values,
)
from ledger.models import Project

TITLE_OF = "{county}经营性帮扶产业项目“四个一批”管理台账"
TITLE = TITLE_OF.format(county="彭水自治县")

SHEET = "管理台账"

# (group, label, width) of each column, for the shared table head.
COLUMNS = [(c.group, c.header, c.width) for c in LEDGER_COLUMNS]
WIDTHS = [c.width for c in LEDGER_COLUMNS]
MONEY_COLUMNS = {i for i, c in enumerate(LEDGER_COLUMNS) if c.format == CellFormat.MONEY}
CENTERED_COLUMNS = {i for i, c in enumerate(LEDGER_COLUMNS) if c.format == CellFormat.CENTRED}

NOTES = [
    "1.运营模式。填写自主经营/委托经营/租赁/合作发展(入股)/股权投资/其他等任选其中一项。",
    "2.功能现状。填写正常、损坏、灭失等任选其中一项。",
    "3.生产经营情况。填写经营正常、经营困难、终止经营等任选其中一项。停产闲置的项目填为“经营困难”，"
    "并在“存在问题”中列明“停产”（终止经营的项目也列明“停产”）；分类统计表（附件4）的“生产经营遇到困难项目数”"
    "不含停产闲置的项目，故本台账“经营困难”的项目数为该表生产经营遇到困难的项目数加停产闲置（未终止经营）的项目数。",
    "4.存在问题。填写停产/亏损/合作主体持续经营存在重大不确定性/未足额分红/到期未全额返还本金/未落实联农带农等可以多选。",
    "5.原因分析。填写时在产业选择不准、配套设施原因、资金短缺、管理不善、用工短缺、原材料供应困难、技术原因、产品价格波动、自然灾害、其他等可以多选。",
    "6.未充分发挥联农带农作用原因。在未按约定有效带动农户发展生产、未按约定吸纳农村劳动力稳定就业、未按约定及时足额分配资产收益任选其中一项。",
    "7.四个一批分类。填写经县领导小组审定并公示生效的分类；尚无生效分类的项目，标注“（拟）”的为单位拟认定的类别，"
    "空白的为尚未拟定分类。项目功能现状、使用现状、生产经营情况、发挥联农带农作用为空白的，为尚未实地调研的项目。",
]


def _cell(column: LedgerColumn, p: ProjectFacts, row: RowContext) -> CellValue:
    value = column.value(p, row)
    return xlsx.to_wan(Decimal(value)) if column.format == CellFormat.MONEY else value


def ledger_row(index: int, p: ProjectFacts, progress: str = "") -> list[CellValue]:
    """The 28 values of one project, in column order (money in 万元)."""
    row = RowContext(index=index, progress=progress)
    return [_cell(column, p, row) for column in LEDGER_COLUMNS]


# How each column's cells are written, chosen once per column rather than by the type of
# each value: money as a number in 万元 (the exact value, shown with two decimals), 序号 and
# 实施年度 as numbers, everything else as a string (write_string: a text starting with
# = + - @ stays text and never runs as a formula), an empty text as a blank.
MONEY = sorted(MONEY_COLUMNS)
NUMBERS = [i for i, c in enumerate(LEDGER_COLUMNS) if c.number]
TEXT_COLUMNS = [i for i, c in enumerate(LEDGER_COLUMNS) if not c.number and c.format != CellFormat.MONEY]
TEXT_WIDTHS = [WIDTHS[i] for i in TEXT_COLUMNS]
_TEXTS = list(zip(TEXT_COLUMNS, TEXT_WIDTHS, strict=True))


def write_ledger(
    out: BinaryIO,
    projects: Iterable[Project],
    *,
    unit_name: str,
    preparer: str = "",
    reviewer: str = "",
    updated: date | None = None,
    progress: dict[int, str] | None = None,
    county_name: str = "彭水自治县",
) -> int:
    """Write the ledger of `projects` to `out`; returns the number of project rows. A
    queryset is read as values in one query (ledger_columns.ledger_values) and streamed.
    `progress` maps project id to its 处置整改进展情况 text; when not given for a queryset,
    it comes from the `ledger_progress` extension point. A project with no progress there
    shows the text its imported ledger gave (Project.ledger_progress)."""
    if progress is None:
        progress = progress_for(projects) if isinstance(projects, QuerySet) else {}
    updated = updated or timezone.localdate()
    wb = xlsx.workbook(out)
    st = xlsx.styles(wb)
    ws = wb.add_worksheet(SHEET)
    info = [
        ("填报单位", unit_name),
        ("审核人", reviewer),
        ("填报人及联系电话", preparer),
        ("更新时间", xlsx.date_text(updated)),
    ]
    row = xlsx.table_head(ws, st, title=TITLE_OF.format(county=county_name), columns=COLUMNS, info=info, freeze_cols=3)

    formats = [
        st.wan if col in MONEY_COLUMNS else st.center if col in CENTERED_COLUMNS else st.text
        for col in range(len(LEDGER_COLUMNS))
    ]
    cells = [column.read for column in LEDGER_COLUMNS]
    rows: Iterable[ProjectFacts] = ledger_values(projects) if isinstance(projects, QuerySet) else projects
    write_number, write_string, write_blank = ws.write_number, ws.write_string, ws.write_blank
    money = [(col, formats[col]) for col in MONEY]
    numbers = [(col, formats[col]) for col in NUMBERS]
    texts = [(col, formats[col]) for col in TEXT_COLUMNS]
    wan, count = xlsx.WAN, 0
    for count, p in enumerate(rows, start=1):
        context = RowContext(index=count, progress=progress.get(p.pk) or p.ledger_progress)
        values: list[Any] = [cell(p, context) for cell in cells]
        height = xlsx.text_row_height([(values[col], width) for col, width in _TEXTS if values[col]])
        if height >= xlsx.MAX_ROW_HEIGHT:
            # a project whose text outgrows one row (409 pt) takes several, merged column by column
            exact = [xlsx.to_wan(Decimal(v)) if col in MONEY_COLUMNS else v for col, v in enumerate(values)]
            row += xlsx.write_record(ws, row, exact, formats, WIDTHS)
            continue
        ws.set_row(row, height)
        for col, fmt in money:
            write_number(row, col, float(values[col] / wan), fmt)
        for col, fmt in numbers:
            write_number(row, col, values[col], fmt)
        for col, fmt in texts:
            value = values[col]
            if value:
                write_string(row, col, value, fmt)
            else:
                write_blank(row, col, None, fmt)
        row += 1

    xlsx.write_notes(ws, st, row, widths=WIDTHS, notes=["填表说明：", *NOTES])
    wb.close()
    return count
