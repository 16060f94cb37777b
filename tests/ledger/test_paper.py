"""The paper form presenter (附件1–3): one layout for the project page, the print page
and the workbook."""

from decimal import Decimal

from ledger.paper import OPINIONS, Mark, paper_form, ticks


def test_variant_title_and_opinion_boxes(make_project, places):
    form = paper_form(make_project(managing_level="department", managing_unit=places["agri"]))
    assert (form.variant, form.subtitle) == ("附件3", "行业部门主管项目")
    assert [o.label for o in form.opinions] == ["村委会意见", "乡镇(街道)意见", "县实施乡村振兴战略领导小组意见"]
    assert form.opinions == OPINIONS


def test_every_option_is_listed_with_its_tick(make_project):
    form = paper_form(make_project(production_status="halted", use_state="idle", reason_funds=True))
    assert Mark("种植业", True) in form.industry and Mark("养殖业", False) in form.industry
    assert (form.normal, form.abnormal, form.halted) == (
        [Mark("生产经营正常", False)],
        [Mark("生产经营不正常", True)],
        [Mark("停产闲置", True)],
    )
    assert Mark("资金短缺", True) in form.halted_reasons
    assert not any(m.on for m in form.difficulty_reasons)  # the reasons sit under 停产闲置 only
    assert not form.terminated


def test_funds_and_present_values(make_project):
    form = paper_form(make_project(fund4_social=Decimal("1000.00")))
    first, *_, social = form.funds
    assert first.label == "财政专项扶贫资金(衔接资金)" and first.parts[1] == ("市级资金", Decimal("100000.50"))
    assert social.total == Decimal("1000.00") and social.parts == []
    assert [label for label, _ in form.present_values] == ["货币资金结余", "待收待返资金", "资产估值", "其他"]


def test_the_boxes_as_text_top_to_bottom(make_project):
    form = paper_form(make_project(production_status="terminated", use_state="idle", reason_other=True))
    assert [b.label for b in form.boxes] == [
        "项目名称",
        "项目地点",
        "责任单位",
        "产业类型",
        "投资规模",
        "项目现值(估算)",
        "运营模式",
        "项目现状",
        "联农带农情况",
        "“四个一批”认定",
        "处置措施",
    ]
    status = next(b for b in form.boxes if b.label == "项目现状").value
    assert "生产经营正常□　生产经营不正常☑\n停产闲置☑（终止经营）：" in status
    assert ticks([Mark("巩固", True), Mark("提升", False)]) == "巩固☑　提升□"
