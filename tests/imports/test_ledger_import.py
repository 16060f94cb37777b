"""The management ledger (附件5) layout: title, info line, two merged header rows, 万元,
the notes block below. 专项资金 → fund1_central, 其他资金 → fund2_central."""

from decimal import Decimal

from ledger.imports.engine import batch_create, import_commit, import_preview
from ledger.models import Project
from tests.imports.workbooks import ledger_row, ledger_workbook


def run(data, by):
    preview = import_preview(data=data, filename="l.xlsx", source="ledger")
    batch = batch_create(by=by, source="ledger", filename="l.xlsx", content=data, preview=preview)
    return import_commit(batch=batch, by=by)


def test_ledger_rows_are_read_into_projects(personas, places):
    village = places["baojia_village"].short_name
    data = ledger_workbook([
        ledger_row(1, "茶叶基地", "L1", place=f"保家镇{village}", total="100.5", special="80.25", other="20.25"),
        ledger_row(2, "冷库", "L2", cls="盘活", status="经营困难", problems="停产、亏损", reasons="资金短缺、管理不善",
                   linkage="否", linkage_reasons="未按约定吸纳农村劳动力稳定就业"),
    ])
    preview = run(data, personas["carl"])
    assert preview.counts["add"] == 2 and preview.counts["refused"] == 0
    l1 = Project.objects.get(number="L1")
    assert (l1.fund1_central, l1.fund2_central, l1.pv_cash, l1.pv_assets) == (
        Decimal("802500.00"), Decimal("202500.00"), Decimal("15000.00"), Decimal("600000.00"))
    assert l1.village == places["baojia_village"] and l1.classification == "consolidate"
    assert (l1.responsible_person, l1.responsible_phone, l1.operation_mode) == ("张三", "13912345678", "entrusted")
    l2 = Project.objects.get(number="L2")
    assert l2.production_status == "halted" and l2.classification == "revitalise" and l2.problem_loss
    assert l2.reason_funds and l2.reason_management and not l2.reason_price
    assert l2.linkage == "insufficient" and l2.linkage_no_jobs and l2.village is None


def test_a_class_the_facts_do_not_allow_is_refused(personas):
    data = ledger_workbook([ledger_row(1, "甲", "L3", cls="盘活")])  # 盘活 needs a halted project
    preview = import_preview(data=data, filename="l.xlsx", source="ledger")
    (outcome,) = preview.of("refused")
    assert outcome.row == 5 and outcome.errors[0][0] == "四个一批分类"
    assert "停产闲置" in outcome.errors[0][1]


def test_ledger_does_not_overwrite_investment_parts_and_shows_the_difference(personas, make_project, places):
    project = make_project(number="L4")
    data = ledger_workbook([ledger_row(1, project.name, "L4", total="1", special="1", other="0",
                                       place="保家镇" + places["baojia_village"].short_name,
                                       person="张建国 13912345678")])
    preview = run(data, personas["carl"])
    (outcome,) = preview.outcomes
    assert ("衔接资金·中央资金", "500,000.00", "10,000.00") in outcome.differences
    project.refresh_from_db()
    assert project.fund1_central == Decimal("500000.00") and project.pv_cash == Decimal("15000.00")


def test_export_imported_again_changes_nothing(personas):
    data = ledger_workbook([ledger_row(1, "茶叶基地", "L5")])
    run(data, personas["carl"])
    assert run(data, personas["carl"]).counts["same"] == 1



def test_a_row_without_a_place_is_refused(personas):
    preview = import_preview(data=ledger_workbook([ledger_row(1, "甲", "L6", place="")]), filename="l.xlsx",
                             source="ledger")
    assert preview.of("refused")[0].errors == [("项目地点", "缺少项目地点")]
