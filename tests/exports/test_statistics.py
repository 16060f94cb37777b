from datetime import date
from io import BytesIO

import pytest

from ledger.exports.scope import scope_for_unit
from ledger.exports.statistics import COLUMNS, COUNT_COLUMNS, NOTES, TITLE, statistics_rows, write_statistics
from ledger.models import Division, Project

from .conftest import merged, open_xlsx, row_values


@pytest.fixture
def five(make_project, places):
    """Four projects in 保家镇 and one in 汉葭街道, each 650000.75 yuan."""
    make_project()  # consolidate, normal
    make_project(
        production_status="halted",
        use_state="idle",
        reason_funds=True,
        reason_price=True,
        classification="revitalise",
        linkage="insufficient",
        linkage_no_jobs=True,
    )
    make_project(
        village=places["baojia_village2"],
        managing_unit=places["village2_unit"],
        production_status="difficulty",
        reason_funds=True,
        reason_facilities=True,
        classification="upgrade",
    )
    make_project(
        township=places["hanjia"],
        village=places["hanjia_village"],
        managing_unit=places["hanjia_village_unit"],
        production_status="terminated",
        use_state="idle",
        reason_other=True,
        classification="rebuild",
        linkage="insufficient",
        linkage_no_production=True,
        linkage_no_income=True,
    )
    make_project(village=None, managing_level="township", managing_unit=places["baojia_unit"], classification="")


def export(scope) -> bytes:
    buf = BytesIO()
    write_statistics(
        buf,
        scope.projects,
        unit_name=scope.unit_name,
        group_by=scope.group_by,
        township=scope.township,
        preparer="张干事",
        updated=date(2026, 11, 3),
    )
    return buf.getvalue()


def find_row(ws, region: str) -> list:
    for row in ws.iter_rows(min_row=5, values_only=True):
        if row[1] == region or row[0] == region:
            return list(row)
    raise AssertionError(f"no row {region}")


def test_each_row_counts_one_figure_per_count_column(five):
    rows, total = statistics_rows(Project.objects.all(), group_by="township")
    assert len(COUNT_COLUMNS) == 29 and len(COLUMNS) == 32
    assert {len(r.counts) for r in [*rows, total]} == {len(COUNT_COLUMNS)}
    assert total.counts[0] == 5 and sum(r.counts[0] for r in rows) == 5


def test_header_and_merged_groups(five):
    ws = open_xlsx(export(scope_for_unit(None))).active
    assert ws["A1"].value == TITLE
    assert ws["A2"].value.startswith("填报单位：彭水自治县") and "填报人：张干事" in ws["A2"].value
    assert ws.max_column == 32 == len(COLUMNS)
    top, sub = row_values(ws, 3), row_values(ws, 4)
    assert top[:4] == ["序号", "地区", "项目实际投入（万元）", "项目数"]
    assert top[4] == "“四个一批”分类统计" and sub[4:8] == ["巩固项目", "提升项目", "盘活项目", "另起炉灶项目"]
    reasons = [
        "产业选择不准",
        "资金短缺",
        "管理不善",
        "用工短缺",
        "原材料供应困难",
        "技术原因",
        "产品价格波动",
        "配套设施原因",
        "自然灾害",
        "其他",
    ]
    assert top[8] == "停产闲置原因" and sub[8:18] == reasons
    assert top[18] == "生产经营遇到困难项目数"
    assert top[19] == "生产经营遇到困难原因" and sub[19:29] == reasons
    assert top[29] == "发挥联农带农不充分的原因"
    assert sub[29:] == [
        "未按约定有效带动农户发展生产",
        "未按约定吸纳农村劳动力稳定就业",
        "未按约定及时足额分配资产收益",
    ]
    assert {"E3:H3", "I3:R3", "T3:AC3", "AD3:AF3", "A3:A4", "S3:S4", "A1:AF1"} <= merged(ws)


def test_county_table_counts_per_township_and_total(five):
    ws = open_xlsx(export(scope_for_unit(None))).active
    assert ws.max_row == 4 + Division.objects.filter(level="township").count() + 1 + 3 + len(NOTES)
    baojia = find_row(ws, "保家镇")
    assert baojia[2] == pytest.approx(260.0003, abs=1e-9)
    assert baojia[3:8] == [4, 1, 1, 1, 0]
    assert baojia[8:18] == [0, 1, 0, 0, 0, 0, 1, 0, 0, 0]  # halted: 资金短缺, 产品价格波动
    assert baojia[18] == 1
    assert baojia[19:29] == [0, 1, 0, 0, 0, 0, 0, 1, 0, 0]  # difficulty: 资金短缺, 配套设施原因
    assert baojia[29:] == [0, 1, 0]
    hanjia = find_row(ws, "汉葭街道")
    assert hanjia[3:8] == [1, 0, 0, 0, 1]
    assert hanjia[17] == 1 and hanjia[29:] == [1, 0, 1]
    total = find_row(ws, "合计")
    assert total[2] == pytest.approx(325.000375, abs=1e-9)
    assert total[3:8] == [5, 1, 1, 1, 1]
    assert total[8:18] == [0, 1, 0, 0, 0, 0, 1, 0, 0, 1]
    assert total[29:] == [1, 1, 1]
    assert find_row(ws, "郁山镇")[3] == 0


def test_township_table_has_a_row_per_village(five, places):
    ws = open_xlsx(export(scope_for_unit(places["baojia_unit"]))).active
    assert ws["A2"].value.startswith("填报单位：保家镇人民政府")
    v1 = find_row(ws, places["baojia_village"].short_name)
    v2 = find_row(ws, places["baojia_village2"].short_name)
    own = find_row(ws, "保家镇本级")
    assert (v1[3], v2[3], own[3]) == (2, 1, 1)
    assert v2[18] == 1 and v1[9] == 1
    assert find_row(ws, "合计")[3] == 4
    assert ws.max_row == 4 + places["baojia"].villages.count() + 1 + 1 + 3 + len(NOTES)
    assert "汉葭街道" not in {r[1] for r in ws.iter_rows(min_row=5, values_only=True)}


def test_department_table_counts_only_its_projects(five, places):
    ws = open_xlsx(export(scope_for_unit(places["agri"]))).active
    assert find_row(ws, "合计")[3] == 0


@pytest.mark.parametrize("n", [5, 50])
def test_counted_in_the_database_in_fixed_queries(make_project, django_assert_max_num_queries, n):
    for _ in range(n):
        make_project()
    scope = scope_for_unit(None)
    with django_assert_max_num_queries(2):
        data = export(scope)
    assert find_row(open_xlsx(data).active, "合计")[3] == n == Project.objects.count()
