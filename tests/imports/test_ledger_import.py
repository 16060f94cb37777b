"""The management ledger (附件5) layout: title, info line, two merged header rows, 万元,
the notes block below. 专项资金 → fund1_central, 其他资金 → fund2_central."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ledger.imports.engine import batch_create, import_commit, import_preview
from ledger.models import Project
from ledger.services import project_take_effect, project_update
from tests.conftest import PASSWORD
from tests.imports.workbooks import LEDGER_HEADER_SUB, LEDGER_HEADER_TOP, ledger_row, ledger_workbook, xlsx


def run(data, by):
    preview = import_preview(data=data, filename="l.xlsx", source="ledger")
    batch = batch_create(by=by, source="ledger", filename="l.xlsx", content=data, preview=preview)
    return import_commit(batch=batch, by=by)


def test_ledger_rows_are_read_into_projects(personas, places):
    village = places["baojia_village"].short_name
    data = ledger_workbook(
        [
            ledger_row(1, "茶叶基地", "L1", place=f"保家镇{village}", total="100.5", special="80.25", other="20.25"),
            ledger_row(
                2,
                "冷库",
                "L2",
                cls="盘活",
                status="经营困难",
                use="闲置",
                problems="停产、亏损",
                reasons="资金短缺、管理不善",
                linkage="否",
                linkage_reasons="未按约定吸纳农村劳动力稳定就业",
            ),
        ]
    )
    preview = run(data, personas["carl"])
    assert preview.counts["add"] == 2 and preview.counts["refused"] == 0
    l1 = Project.objects.get(number="L1")
    assert (l1.fund1_central, l1.fund2_central, l1.pv_cash, l1.pv_assets) == (
        Decimal("802500.00"),
        Decimal("202500.00"),
        Decimal("15000.00"),
        Decimal("600000.00"),
    )
    assert l1.village == places["baojia_village"] and l1.classification == "consolidate"
    assert (l1.responsible_person, l1.responsible_phone, l1.operation_mode) == ("张三", "13912345678", "entrusted")
    l2 = Project.objects.get(number="L2")
    assert l2.production_status == "halted" and l2.classification == "revitalise" and l2.problem_loss
    assert l2.reason_funds and l2.reason_management and not l2.reason_price
    assert l2.linkage == "insufficient" and l2.linkage_no_jobs and l2.village is None


def test_a_group_header_without_its_unit_is_still_read_in_wan(personas):
    top = ["项目现值" if cell == "项目现值（万元）" else cell for cell in LEDGER_HEADER_TOP]
    assert top != LEDGER_HEADER_TOP
    data = ledger_workbook([ledger_row(1, "茶叶基地", "L1")], head=(top, LEDGER_HEADER_SUB))
    assert run(data, personas["carl"]).counts["add"] == 1
    l1 = Project.objects.get(number="L1")
    assert (l1.pv_cash, l1.pv_receivable, l1.pv_assets) == (Decimal("15000.00"), Decimal("0.00"), Decimal("600000.00"))


def test_a_class_the_facts_do_not_allow_is_refused(personas):
    data = ledger_workbook([ledger_row(1, "甲", "L3", cls="盘活")])  # 盘活 needs a halted project
    preview = import_preview(data=data, filename="l.xlsx", source="ledger")
    (outcome,) = preview.of("refused")
    assert outcome.row == 5 and outcome.errors[0][0] == "四个一批分类"
    assert "停产闲置" in outcome.errors[0][1]


def test_ledger_does_not_overwrite_investment_parts_and_shows_the_difference(personas, make_project, places):
    project = make_project(number="L4")
    data = ledger_workbook(
        [
            ledger_row(
                1,
                project.name,
                "L4",
                total="1",
                special="1",
                other="0",
                place="保家镇" + places["baojia_village"].short_name,
                person="张建国 13912345678",
            )
        ]
    )
    preview = run(data, personas["carl"])
    (outcome,) = preview.outcomes
    assert ("投资规模·专项资金", "650,000.75", "10,000.00") in outcome.differences
    assert not [d for d in outcome.differences if d[0] == "投资规模·其他资金"]  # 0 万元 is the same
    project.refresh_from_db()
    assert project.fund1_central == Decimal("500000.00") and project.pv_cash == Decimal("15000.00")


def test_export_imported_again_changes_nothing(personas):
    data = ledger_workbook([ledger_row(1, "茶叶基地", "L5")])
    run(data, personas["carl"])
    assert run(data, personas["carl"]).counts["same"] == 1


def test_a_row_without_a_place_is_refused(personas):
    preview = import_preview(
        data=ledger_workbook([ledger_row(1, "甲", "L6", place="")]), filename="l.xlsx", source="ledger"
    )
    assert preview.of("refused")[0].errors == [("项目地点", "缺少项目地点")]


def test_upgrade_and_rebuild_classes_are_imported_pending_their_defects(personas):
    data = ledger_workbook(
        [
            ledger_row(1, "甲", "L7", cls="提升"),
            ledger_row(
                2,
                "乙",
                "L8",
                cls="重建",
                status="终止经营",
                problems="停产",
                reasons="自然灾害",
                linkage="否",
                linkage_reasons="未按约定有效带动农户发展生产",
            ),
        ]
    )
    preview = run(data, personas["carl"])
    assert preview.counts["add"] == 2
    assert [o.row for o in preview.noted] == [5, 6]
    assert preview.noted[0].notes[0].startswith("分类“提升”按台账导入")
    l7, l8 = Project.objects.get(number="L7"), Project.objects.get(number="L8")
    assert (l7.classification, l7.class_conditions_pending) == ("upgrade", True)
    assert (l8.classification, l8.class_conditions_pending, l8.production_status) == ("rebuild", True, "terminated")


def test_a_class_refused_for_more_than_the_missing_defects_is_still_refused(personas):
    data = ledger_workbook(
        [ledger_row(1, "甲", "L9", cls="提升", status="终止经营", problems="停产", reasons="自然灾害")]
    )
    preview = import_preview(data=data, filename="l.xlsx", source="ledger")
    (outcome,) = preview.of("refused")
    assert outcome.errors == [
        ("四个一批分类", "“四个一批”认定：认定为“提升”须项目仍在运行（生产经营正常或经营遇到困难）。")
    ]


def test_a_ledger_never_changes_the_class_in_force_of_a_project_here(personas, make_project, places):
    project = make_project(number="L10")  # consolidated by a decision
    place = "保家镇" + places["baojia_village"].short_name
    preview = run(ledger_workbook([ledger_row(1, project.name, "L10", cls="提升", place=place)]), personas["carl"])
    (outcome,) = preview.outcomes
    assert ("“四个一批”认定", "巩固", "提升") in outcome.differences
    assert not any(label == "“四个一批”认定" for label, _, _ in outcome.changes)
    project.refresh_from_db()
    assert (project.classification, project.proposed_classification, project.class_conditions_pending) == (
        "consolidate",
        "consolidate",
        False,
    )


def test_a_new_project_from_the_ledger_takes_its_class_as_in_force(personas, places):
    run(ledger_workbook([ledger_row(1, "甲", "L13", cls="提升")]), personas["carl"])
    project = Project.objects.get(number="L13")
    assert (project.classification, project.proposed_classification, project.class_conditions_pending) == (
        "upgrade",
        "upgrade",
        True,
    )


def test_the_national_file_leaves_a_pending_class_alone(personas, places):
    run(ledger_workbook([ledger_row(1, "甲", "L11", cls="提升")]), personas["carl"])
    data = xlsx(
        [
            ["项目编号", "项目名称", "乡镇", "年度", "责任人", "联系电话"],
            ["L11", "甲（改名）", "保家镇", 2022, "张三", "13912345678"],
        ]
    )
    preview = import_preview(data=data, filename="n.xlsx", source="national")
    (outcome,) = preview.outcomes
    assert outcome.action == "change" and outcome.changes == [("项目名称", "甲", "甲（改名）")] and not outcome.notes


def test_the_units_form_must_tick_the_defects_and_then_clears_pending(personas, places):
    run(ledger_workbook([ledger_row(1, "甲", "L12", cls="提升")]), personas["carl"])
    project = Project.objects.get(number="L12")
    alice = personas["alice"]
    with pytest.raises(ValidationError) as refused:
        project_update(project=project, by=alice, data={"responsible_phone": "13800000000"})
    assert "提升类缺陷" in str(refused.value)
    project.refresh_from_db()
    assert project.class_conditions_pending and project.responsible_phone == "13912345678"
    project_update(project=project, by=alice, data={"upgrade_chain_gap": True, "upgrade_weak_technology": True})
    project.refresh_from_db()
    assert not project.class_conditions_pending and project.classification == "upgrade"
    assert project.history.first().history_user == alice


def test_a_decision_taking_effect_clears_pending(personas):
    run(ledger_workbook([ledger_row(1, "甲", "L13", cls="提升")]), personas["carl"])
    project = Project.objects.get(number="L13")
    project_take_effect(project=project, classification="consolidate", measures="完善", by=None, reason="审定生效")
    project.refresh_from_db()
    assert (project.classification, project.class_conditions_pending) == ("consolidate", False)


def test_the_project_page_asks_for_the_missing_conditions_and_shows_the_ledger_progress(client, personas):
    row = ledger_row(
        1,
        "甲",
        "L14",
        cls="重建",
        status="终止经营",
        problems="停产",
        reasons="自然灾害",
        linkage="否",
        linkage_reasons="未按约定有效带动农户发展生产",
        progress="2026-10-01 已拆除旧设施",
    )
    run(ledger_workbook([row]), personas["carl"])
    project = Project.objects.get(number="L14")
    client.login(username="alice", password=PASSWORD)
    html = client.get(reverse("project_detail", args=[project.pk])).content.decode()
    assert "由管理台账导入，台账不记载重建条件" in html
    assert "2026-10-01 已拆除旧设施" in html
