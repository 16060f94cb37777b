"""附件4 分类统计表 (十三, 二十二): 32 columns, one row per township (per village in a
township's own table) and a 合计 row; every figure is counted by the database in one
grouped query."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import BinaryIO

from django.conf import settings
from django.db.models import Aggregate, Count, Q, QuerySet, Sum
from django.utils import timezone

from ledger import xlsx
from ledger.cached import cached_by_project_version
from ledger.choices import (
    HALTED_STATUSES,
    INVESTMENT_FIELDS,
    LINKAGE_REASONS,
    PRODUCTION_REASONS,
    STATISTICS_CLASS_LABEL,
    STATISTICS_REASON_ORDER,
    Classification,
    DivisionLevel,
    Linkage,
    ProductionStatus,
)
from ledger.models import County, Division, Project
from ledger.models.projects import SURVEYED

TITLE_OF = "{county}经营性帮扶产业项目“四个一批”分类统计表"
TITLE = TITLE_OF.format(county="彭水自治县")
# 市级: the municipal table has one row per county (D116).
BY_COUNTY = "county"
SHEET = "分类统计表"
_REASON_LABEL = dict(PRODUCTION_REASONS)
HALTED = "停产闲置原因"
DIFFICULT = "生产经营遇到困难原因"
LINKAGE = "发挥联农带农不充分的原因"

# (group, label, width), the 32 columns in the table's order; printed typos corrected.
# Columns 1–3: 序号, the region and its investment; columns 4–32: projects counted.
Column = tuple[str | None, str, int]
LEADING_COLUMNS: list[Column] = [(None, "序号", 5), (None, "地区", 16), (None, "项目实际投入（万元）", 13)]
COUNT_COLUMNS: list[Column] = [
    (None, "项目数", 7),
    *[("“四个一批”分类统计", STATISTICS_CLASS_LABEL[c], 7) for c in Classification],
    *[(HALTED, _REASON_LABEL[r], 6) for r in STATISTICS_REASON_ORDER],
    (None, "生产经营遇到困难项目数", 8),
    *[(DIFFICULT, _REASON_LABEL[r], 6) for r in STATISTICS_REASON_ORDER],
    *[(LINKAGE, label, 10) for _, label in LINKAGE_REASONS],
]
COLUMNS = LEADING_COLUMNS + COUNT_COLUMNS


@dataclass
class StatisticsRow:
    region: str
    investment: Decimal = Decimal(0)  # yuan
    counts: list[int] = field(default_factory=lambda: [0] * len(COUNT_COLUMNS))  # columns 4–32
    # beyond the 32 columns: projects with no class in force (of which proposed), not surveyed
    unclassified: int = 0
    proposed: int = 0
    unsurveyed: int = 0
    # halted but not terminated: the ledger (附件5) lists them as 经营困难 with 停产
    halted: int = 0

    def values(self) -> list:
        return [self.region, xlsx.to_wan(self.investment), *self.counts]


def _aggregates() -> dict[str, Aggregate]:
    """Column 3 as one Sum per fund part (exact in yuan), then columns 4–32 as Counts."""
    halted = Q(production_status__in=list(HALTED_STATUSES))
    difficult = Q(production_status=ProductionStatus.DIFFICULTY)
    insufficient = Q(linkage=Linkage.INSUFFICIENT)
    agg: dict[str, Aggregate] = {f"i_{f}": Sum(f) for f in INVESTMENT_FIELDS}
    agg["c04"] = Count("pk")
    for c in Classification:
        agg[f"c_class_{c.value}"] = Count("pk", filter=Q(classification=c.value))
    for r in STATISTICS_REASON_ORDER:
        agg[f"c_halted_{r}"] = Count("pk", filter=halted & Q(**{r: True}))
    agg["c_difficult"] = Count("pk", filter=difficult)
    for r in STATISTICS_REASON_ORDER:
        agg[f"c_difficult_{r}"] = Count("pk", filter=difficult & Q(**{r: True}))
    for r, _ in LINKAGE_REASONS:
        agg[f"c_linkage_{r}"] = Count("pk", filter=insufficient & Q(**{r: True}))
    agg["x_unclassified"] = Count("pk", filter=Q(classification=""))
    agg["x_proposed"] = Count("pk", filter=Q(classification="") & ~Q(proposed_classification=""))
    agg["x_unsurveyed"] = Count("pk", filter=~SURVEYED)
    agg["x_halted"] = Count("pk", filter=Q(production_status=ProductionStatus.HALTED))
    return agg


AGGREGATE_KEYS = list(_aggregates())


def _row_from(region: str, data: dict) -> StatisticsRow:
    investment = sum((data[k] or Decimal(0) for k in AGGREGATE_KEYS if k.startswith("i_")), Decimal(0))
    counts = [data[k] for k in AGGREGATE_KEYS if k.startswith("c")]
    return StatisticsRow(
        region,
        investment,
        counts,
        data["x_unclassified"],
        data["x_proposed"],
        data["x_unsurveyed"],
        data["x_halted"],
    )


def _every_project(projects: QuerySet[Project]) -> bool:
    """Whether `projects` is every project (Project.objects.all()): no filter, no slice."""
    q = projects.query
    return projects.model is Project and not q.has_filters() and not q.is_sliced and not q.combinator


def statistics_rows(
    projects: QuerySet[Project], *, group_by: str, township: Division | None = None, county: County | None = None
) -> tuple[list[StatisticsRow], StatisticsRow]:
    """(rows, total) for the table. One aggregate query grouped by township, village or
    county, and one query for the list of regions: every township of `county` (the default
    county unless given; or every village of `township`; or every county, for the municipal
    table) gets a row, with zeros where it has no project. The municipal table's aggregate,
    over every project, comes from the cache while no project has changed (D148)."""
    key = f"{group_by}_id"
    query = projects.order_by().values(key).annotate(**_aggregates())

    def grouping() -> dict:
        return {item.pop(key): item for item in query}

    if group_by == BY_COUNTY and _every_project(projects):
        # the municipal table: an aggregate over every project of every county, cached under
        # the projects' version (D148); the counties' names are read each time
        grouped = cached_by_project_version("municipal-statistics", grouping, query=query)
    else:
        grouped = grouping()
    names: list[tuple[int | None, str]]
    if group_by == BY_COUNTY:
        names = [(c.pk, c.name) for c in County.objects.order_by("code")]
    elif group_by == DivisionLevel.TOWNSHIP:
        regions = Division.objects.filter(level=DivisionLevel.TOWNSHIP).order_by("code")
        if county is not None:
            regions = regions.filter(county=county)
        else:
            regions = regions.filter(county__code=settings.DEFAULT_COUNTY_CODE)
        names = [(d.pk, d.name) for d in regions]
    else:
        villages = Division.objects.filter(level=DivisionLevel.VILLAGE)
        if township is not None:
            villages = villages.filter(parent=township)
        else:
            villages = villages.filter(pk__in=[k for k in grouped if k is not None])
        names = [(d.pk, d.short_name) for d in villages.order_by("code")]
        if None in grouped:
            names.append((None, f"{township.name}本级" if township else "乡镇(街道)本级"))
    empty = dict.fromkeys(AGGREGATE_KEYS, 0)
    rows = [_row_from(name, grouped.get(pk, empty)) for pk, name in names]
    total = StatisticsRow("合计")
    for r in rows:
        total.investment += r.investment
        total.counts = [a + b for a, b in zip(total.counts, r.counts, strict=True)]
        total.unclassified += r.unclassified
        total.proposed += r.proposed
        total.unsurveyed += r.unsurveyed
        total.halted += r.halted
    return rows, total


DIFFICULT_COLUMN = COUNT_COLUMNS.index((None, "生产经营遇到困难项目数", 8))


def reconciliation_line(total: StatisticsRow) -> str:
    """Under the table: how 项目数 reconciles with the four class columns, and how many
    projects are not surveyed yet (they count in no status column)."""
    return (
        f"合计项目数中，尚无生效分类的项目{total.unclassified}个（其中已拟认定{total.proposed}个、"
        f"未拟定{total.unclassified - total.proposed}个）；尚未实地调研的项目{total.unsurveyed}个。"
    )


def difficulty_line(total: StatisticsRow) -> str:
    """Under the table: how the ledger's 经营困难 (halted projects included, 附件5 note 3)
    reconciles with 生产经营遇到困难项目数."""
    difficult = total.counts[DIFFICULT_COLUMN]
    return (
        f"管理台账（附件5）中“生产经营情况”为“经营困难”的项目{difficult + total.halted}个，"
        f"即生产经营遇到困难的{difficult}个加停产闲置（未终止经营）的{total.halted}个（见填表说明3）。"
    )


NOTES = [
    "1.“四个一批”分类统计各列只统计经县领导小组审定并公示生效的分类；项目数减去四类之和，即表下所列尚无生效分类的项目数。",
    "2.尚未实地调研的项目（功能现状、使用现状、生产经营、联农带农情况未填写）不计入停产闲置、经营困难和联农带农各列。",
    "3.“生产经营遇到困难项目数”只统计经营遇到困难的项目，停产闲置（含终止经营）的项目按其原因计入“停产闲置原因”各列。"
    "管理台账（附件5）的“生产经营情况”只有经营正常、经营困难、终止经营三项，停产闲置的项目在台账中填为“经营困难”，"
    "并在“存在问题”中列明“停产”，故台账“经营困难”的项目数多于本表“生产经营遇到困难项目数”，差额即停产闲置（未终止经营）的项目数。",
]


def write_statistics(
    out: BinaryIO,
    projects: QuerySet[Project],
    *,
    unit_name: str,
    group_by: str = DivisionLevel.TOWNSHIP,
    township: Division | None = None,
    preparer: str = "",
    reviewer: str = "",
    updated: date | None = None,
    county: County | None = None,
    county_name: str | None = None,
) -> int:
    """Write the statistics table to `out`; returns the number of region rows. The title
    names `county_name` (the county's, 重庆市 for the municipal table)."""
    rows, total = statistics_rows(projects, group_by=group_by, township=township, county=county)
    title = TITLE_OF.format(county=county_name or (county.short_name if county is not None else "彭水自治县"))
    updated = updated or timezone.localdate()
    wb = xlsx.workbook(out)
    st = xlsx.styles(wb)
    ws = wb.add_worksheet(SHEET)
    info = [("填报单位", unit_name), ("审核人", reviewer), ("填报人", preparer), ("更新时间", xlsx.date_text(updated))]
    row = xlsx.table_head(ws, st, title=title, columns=COLUMNS, info=info, freeze_cols=2)
    widths = [w for _, _, w in COLUMNS]
    for index, r in enumerate(rows, start=1):
        ws.set_row(row, xlsx.text_height([index, *r.values()], widths))
        xlsx.put(ws, row, 0, index, st.integer)
        for col, value in enumerate(r.values(), start=1):
            fmt = st.center if col == 1 else st.wan if col == 2 else st.integer
            xlsx.put(ws, row, col, value, fmt)
        row += 1
    ws.merge_range(row, 0, row, 1, "合计", st.total_text)
    for col, value in enumerate(total.values()[1:], start=2):
        xlsx.put(ws, row, col, value, st.total_wan if col == 2 else st.total_integer)
    xlsx.write_notes(
        ws, st, row, widths=widths, notes=[reconciliation_line(total), difficulty_line(total), "填表说明：", *NOTES]
    )
    wb.close()
    return len(rows)
