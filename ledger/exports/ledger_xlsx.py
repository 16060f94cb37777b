"""附件5 管理台账: one row per project, 28 columns under two header rows (the columns are
declared in ledger.ledger_columns)."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import BinaryIO

from django.db.models import QuerySet
from django.utils import timezone

from ledger import xlsx
from ledger.extensions import progress_for
from ledger.ledger_columns import LEDGER_COLUMNS, CellFormat, CellValue, LedgerColumn, RowContext
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


def _cell(column: LedgerColumn, p: Project, row: RowContext) -> CellValue:
    value = column.value(p, row)
    return xlsx.to_wan(Decimal(value)) if column.format == CellFormat.MONEY else value


def ledger_row(index: int, p: Project, progress: str = "") -> list[CellValue]:
    """The 28 values of one project, in column order (money in 万元)."""
    row = RowContext(index=index, progress=progress)
    return [_cell(column, p, row) for column in LEDGER_COLUMNS]


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
    """Write the ledger of `projects` (a queryset is streamed) to `out`; returns the number
    of project rows. `progress` maps project id to its 处置整改进展情况 text; when not
    given for a queryset, it comes from the `ledger_progress` extension point. A project with
    no progress there shows the text its imported ledger gave (Project.ledger_progress)."""
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
    rows = projects.iterator(chunk_size=2000) if hasattr(projects, "iterator") else projects
    count = 0
    for count, p in enumerate(rows, start=1):
        values = ledger_row(count, p, progress.get(p.pk) or p.ledger_progress)
        # a project whose text outgrows one row (409 pt) takes several, merged column by column
        row += xlsx.write_record(ws, row, values, formats, WIDTHS)

    xlsx.write_notes(ws, st, row, widths=WIDTHS, notes=["填表说明：", *NOTES])
    wb.close()
    return count
