from datetime import date
from decimal import Decimal

import pytest

from ledger.exports.ledger_xlsx import COLUMNS, NOTES, TITLE, write_ledger
from ledger.ledger_columns import ledger_problems
from ledger.models import Project

from .conftest import merged, open_xlsx, row_values

FIRST = 5  # first project row (1-based)


@pytest.fixture
def halted(make_project):
    return make_project(
        name="保家镇生猪养殖场项目",
        fund2_central=Decimal("10000.00"),
        fund4_social=Decimal("5000.50"),
        pv_cash=Decimal("1234.56"),
        production_status="halted",
        use_state="idle",
        reason_funds=True,
        reason_industry_choice=True,
        linkage="insufficient",
        linkage_no_jobs=True,
        linkage_no_income=True,
        problem_principal_unreturned=True,
        problem_loss=True,
        classification="revitalise",
        operation_mode="entrusted",
        remarks='=HYPERLINK("http://x")',
    )


def export(qs, **kw) -> bytes:
    from io import BytesIO

    buf = BytesIO()
    write_ledger(buf, qs, unit_name="保家镇人民政府", preparer="张干事 13912345678", updated=date(2026, 11, 3), **kw)
    return buf.getvalue()


def test_header_rows_title_and_merged_groups(halted):
    ws = open_xlsx(export(Project.objects.all())).active
    assert ws["A1"].value == TITLE
    assert ws["A2"].value.startswith("填报单位：保家镇人民政府")
    assert "审核人：" in ws["A2"].value and "填报人及联系电话：张干事 13912345678" in ws["A2"].value
    assert "更新时间：2026年11月3日" in ws["A2"].value
    assert ws.max_column == 28 == len(COLUMNS)
    top = row_values(ws, 3)
    sub = row_values(ws, 4)
    assert top[:8] == [
        "序号",
        "项目名称",
        "项目编号",
        "实施年度",
        "四个一批分类",
        "责任单位",
        "责任人及联系电话",
        "产业类型",
    ]
    assert top[8] == "投资规模（万元）" and sub[8:11] == ["小计", "专项资金", "其他资金"]
    assert sub[14:18] == ["结余资金", "待收待返资金", "资产估值", "其他"]
    assert top[18] == "项目现状" and sub[18:23] == ["功能现状", "使用现状", "生产经营情况", "存在问题", "原因分析"]
    assert top[23] == "联农带农情况" and sub[23:25] == ["发挥联农带农作用", "未充分发挥联农带农作用原因"]
    assert top[25:] == ["处置整改措施", "处置整改进展情况", "备注"]
    assert {"A1:AB1", "A2:AB2", "I3:K3", "O3:R3", "S3:W3", "X3:Y3", "A3:A4", "L3:L4", "AB3:AB4"} <= merged(ws)


def test_project_row_values(halted, places):
    ws = open_xlsx(export(Project.objects.all())).active
    row = row_values(ws, FIRST)
    assert row[0] == 1
    assert row[1:4] == ["保家镇生猪养殖场项目", halted.number, 2020]
    assert ws.cell(FIRST, 3).data_type == "s"  # the number stays text
    assert row[4] == "盘活"
    assert row[6] == "张建国 13912345678"
    assert row[7] == "种植业"
    # 650000.75 + 15000.50 yuan
    assert row[8] == pytest.approx(66.500125, abs=1e-9)
    assert row[9] == pytest.approx(65.000075, abs=1e-9)
    assert row[10] == pytest.approx(1.50005, abs=1e-9)
    assert ws.cell(FIRST, 9).data_type == "n" and ws.cell(FIRST, 9).number_format == "0.00"
    assert row[12] == f"保家镇{places['baojia_village'].short_name}"
    assert row[13] == "委托经营"
    assert row[14] == pytest.approx(0.123456, abs=1e-9)
    assert row[18:21] == ["正常", "闲置", "经营困难"]
    assert row[21] == "停产、亏损、到期未全额返还本金、未落实联农带农"
    assert row[22] == "产业选择不准、资金短缺"
    assert row[23:25] == ["不充分", "未按约定吸纳农村劳动力稳定就业、未按约定及时足额分配资产收益"]
    assert row[25] == "完善利益联结机制"
    assert row[26] is None


def test_formula_like_text_is_written_as_text(halted):
    ws = open_xlsx(export(Project.objects.all())).active
    cell = ws.cell(FIRST, 28)
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"


def test_progress_is_taken_from_the_given_source(halted):
    ws = open_xlsx(export(Project.objects.all(), progress={halted.pk: "已引进新经营主体"})).active
    assert ws.cell(FIRST, 27).value == "已引进新经营主体"


def test_terminated_and_normal_projects(make_project):
    make_project(production_status="terminated", use_state="idle", reason_other=True, linkage="full")
    make_project()
    ws = open_xlsx(export(Project.objects.order_by("number"))).active
    assert row_values(ws, FIRST)[20:22] == ["终止经营", "停产"]
    assert row_values(ws, FIRST + 1)[20:23] == ["经营正常", None, None]
    assert row_values(ws, FIRST + 1)[23] == "充分"


def test_fill_in_notes_below_the_rows(halted):
    ws = open_xlsx(export(Project.objects.all())).active
    assert ws.cell(FIRST + 2, 1).value == "填表说明："
    assert [ws.cell(FIRST + 3 + i, 1).value for i in range(len(NOTES))] == NOTES
    assert "委托经营" in NOTES[0] and "技术原因" in NOTES[4]


def test_frozen_header_and_print_setup(halted):
    ws = open_xlsx(export(Project.objects.all())).active
    assert ws.freeze_panes == "D5"
    assert ws.print_title_rows == "$3:$4"
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "8"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0  # 1 page wide
    assert ws.column_dimensions["B"].width > 15


def test_ledger_problems_order(make_project):
    p = make_project(
        production_status="terminated",
        use_state="idle",
        reason_other=True,
        linkage="insufficient",
        linkage_no_jobs=True,
        problem_dividend_short=True,
        problem_partner_uncertain=True,
    )
    assert ledger_problems(p) == ["停产", "合作主体持续经营存在重大不确定性", "未足额分红", "未落实联农带农"]


@pytest.mark.parametrize("n", [5, 50])
def test_fixed_number_of_queries(make_project, django_assert_max_num_queries, n):
    for _ in range(n):
        make_project()
    # one query for the projects, one for the disposal progress the approvals record, one
    # for the recovery of exited projects
    with django_assert_max_num_queries(3):
        data = export(Project.objects.select_related("township", "village", "managing_unit"))
    assert open_xlsx(data).active.max_row == 4 + n + 2 + len(NOTES)
