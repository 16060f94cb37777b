"""The application form: create and edit, every refusal next to its field, nothing saved."""

from decimal import Decimal

import pytest

from ledger.choices import CONDITION_CONTRADICTED_BY
from ledger.models import Project
from tests.conftest import CONDITIONS, project_facts

CREATE = "/projects/new/"


def form_data(places, **overrides):
    """A valid submission of alice's (保家镇) township-level project."""
    facts = project_facts(managing_level="township", number="5002432021000777", proposed_classification="consolidate")
    data = {k: str(v) for k, v in facts.items() if k not in CONDITIONS}
    data["consolidate_conditions"] = [c for c in CONDITIONS if facts[c]]
    data.update(
        township=places["baojia"].pk, village=places["baojia_village"].pk, managing_unit=places["baojia_unit"].pk
    )
    data.update(overrides)
    if overrides.get("proposed_classification") == "revitalise":
        data.setdefault("revitalise_support", "申请衔接资金20万元维修设施")
    if "consolidate_conditions" not in overrides:  # no condition beside the defect contradicting it
        ticked = set(overrides.get("upgrade_defects") or [])
        data["consolidate_conditions"] = [
            c for c in data["consolidate_conditions"] if CONDITION_CONTRADICTED_BY.get(c) not in ticked
        ]
    return {k: v for k, v in data.items() if v is not None}


def error_next_to(html: str, field: str) -> str:
    """The text of the block that wraps `field` (its input and its error)."""
    start = html.index(f'id="div_id_{field}"')
    end = html.find('id="div_id_', start + 10)
    return html[start : end if end > 0 else len(html)]


@pytest.fixture
def alice(client, personas):
    client.force_login(personas["alice"])
    return personas["alice"]


def test_township_user_files_a_project_and_history_records_her(client, alice, places):
    response = client.post(CREATE, form_data(places, fund1_total="650000.75", investment_total="650000.75"))
    project = Project.objects.get(number="5002432021000777")
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/"
    assert project.township == places["baojia"] and project.managing_unit == places["baojia_unit"]
    assert project.fund1_municipal == Decimal("100000.50") and project.investment_total == Decimal("650000.75")
    assert project.fund2_central == Decimal("0.00")  # absent amount = 0
    assert project.created_by == alice
    record = project.history.get()
    assert record.history_user == alice and record.history_type == "+"


def test_check_boxes_become_the_projects_booleans(client, alice, places):
    data = form_data(
        places,
        production_status="halted",
        production_reasons=["reason_funds", "reason_labour"],
        linkage="insufficient",
        linkage_reasons=["linkage_no_jobs"],
        proposed_classification="revitalise",
        use_state="idle",
        problems=["problem_loss"],
    )
    assert client.post(CREATE, data).status_code == 302
    p = Project.objects.get()
    assert (p.reason_funds, p.reason_labour, p.reason_price) == (True, True, False)
    assert (p.linkage_no_jobs, p.linkage_no_income, p.problem_loss) == (True, False, True)
    assert p.proposed_classification == "revitalise"


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"name": ""}, "name", "此项必填"),
        ({"responsible_phone": "12345"}, "responsible_phone", "请填写11位手机号码"),
        ({"fund1_central": "-5"}, "fund1_central", "金额不能为负数"),
        ({"fund1_central": "abc"}, "fund1_central", "金额格式不对"),
        (
            {"production_status": "halted", "proposed_classification": ""},
            "production_reasons",
            "“停产闲置”须至少选择一项原因。",
        ),
        ({"production_reasons": ["reason_funds"]}, "production_reasons", "生产经营正常的项目不填写停产或困难原因。"),
        (
            {"linkage": "insufficient", "proposed_classification": ""},
            "linkage_reasons",
            "发挥联农带农作用不充分的，须至少选择一项原因。",
        ),
        ({"proposed_classification": "rebuild"}, "proposed_classification", "认定为“重建”须至少具备一项重建类缺陷"),
        (
            {"proposed_classification": "upgrade", "upgrade_defects": ["upgrade_chain_gap"]},
            "proposed_classification",
            "认定为“提升”须具备两项以上提升类缺陷，目前勾选了1项。",
        ),
        (
            {"consolidate_conditions": CONDITIONS[:4]},
            "proposed_classification",
            "认定为“巩固”须五项条件全部具备（三），尚未勾选：防范化解风险机制健全。",
        ),
        ({"functional_state": "damaged"}, "proposed_classification", "认定为“巩固”须资产功能正常，未损坏、灭失"),
        (
            {"upgrade_defects": ["upgrade_chain_gap"], "consolidate_conditions": CONDITIONS},
            "consolidate_conditions",
            "巩固条件“产业链条完备”与提升类缺陷“产业链条存在明显短板弱项”相矛盾",
        ),
        (
            {
                "production_status": "halted",
                "production_reasons": ["reason_funds"],
                "use_state": "idle",
                "proposed_classification": "revitalise",
                "revitalise_support": " ",
            },
            "revitalise_support",
            "认定为“盘活”须写明给予哪些资金和政策支持后可以盘活（五）",
        ),
        (
            {"linkage": "insufficient", "linkage_reasons": ["linkage_no_jobs"], "proposed_measures": ""},
            "proposed_measures",
            "发挥联农带农作用不充分的，须在拟处置措施中写明整改联农带农的措施",
        ),
        (
            {"production_status": "terminated", "production_reasons": ["reason_funds"], "proposed_classification": ""},
            "rebuild_defects",
            "终止经营即无法继续发展，请勾选重建类缺陷或核实生产经营状态。",
        ),
        (
            {"rebuild_defects": ["rebuild_cannot_continue"], "proposed_classification": "rebuild"},
            "rebuild_defects",
            "但联农带农情况填的是“充分发挥联农带农作用”，二者矛盾",
        ),
        (
            {"production_status": "difficulty", "production_reasons": ["reason_price"], "proposed_classification": ""},
            "upgrade_defects",
            "请核实提升类、重建类缺陷或生产经营状态。",
        ),
        ({"village": "hanjia_village"}, "village", "不在可选范围内"),
        ({"township": "hanjia"}, "township", "不在可选范围内"),
        ({"managing_unit": "village2_unit"}, "managing_unit", "“乡镇(街道)主管项目”的主管单位须为乡镇(街道)。"),
        ({"fund1_total": "1.00"}, "fund1_total", "合计与各项之和不符（应为 650000.75 元）"),
        ({"investment_total": "650000.70"}, "investment_total", "合计与各项之和不符（应为 650000.75 元）"),
        ({"fund2_total": "3.00", "fund2_county": "1.50"}, "fund2_total", "合计与各项之和不符（应为 1.50 元）"),
    ],
)
def test_each_refusal_is_shown_next_to_its_field_and_nothing_is_saved(client, alice, places, overrides, field, message):
    overrides = {k: places[v].pk if isinstance(v, str) and v in places else v for k, v in overrides.items()}
    response = client.post(CREATE, form_data(places, **overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in error_next_to(html, field)
    assert "未能保存" in html
    assert not Project.objects.exists()


def test_empty_totals_are_accepted_and_recomputed(client, alice, places):
    response = client.post(CREATE, form_data(places, fund1_total="", investment_total=""))
    assert response.status_code == 302
    assert Project.objects.get().investment_total == Decimal("650000.75")


def test_matching_totals_with_all_funds_are_accepted(client, alice, places):
    data = form_data(
        places,
        fund2_central="0.10",
        fund3_county="0.20",
        fund4_social="1000",
        fund1_total="650000.75",
        fund2_total="0.1",
        fund3_total="0.20",
        investment_total="651001.05",
    )
    assert client.post(CREATE, data).status_code == 302


def test_failed_submit_shows_what_the_facts_allow(client, alice, places):
    response = client.post(
        CREATE, form_data(places, production_status="halted", production_reasons=["reason_funds"], use_state="idle")
    )
    html = response.content.decode()
    assert 'id="facts-check"' in html
    assert '可认定为：<span id="facts-consistent">盘活</span>' in html
    assert '系统建议：<strong id="facts-suggested">盘活</strong>' in html
    assert "认定为“巩固”须项目生产经营正常。" in error_next_to(html, "proposed_classification")


def test_new_form_has_township_preselected_and_only_its_villages(client, alice, places):
    response = client.get(CREATE)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["township"].value() == places["baojia"].pk
    villages = response.context["villages_by_township"]
    assert list(villages) == [str(places["baojia"].pk)]
    assert [places["baojia_village"].pk, places["baojia_village"].short_name] in villages[str(places["baojia"].pk)]
    assert 'id="villages-data"' in response.content.decode()
    assert 'id="facts-check"' not in response.content.decode()
    assert "pengshui/project_form.js" in response.content.decode()


def test_reasons_block_is_hidden_until_the_status_asks(client, alice, make_project, places):
    normal = make_project(managing_level="township", managing_unit=places["baojia_unit"])
    html = client.get(f"/projects/{normal.pk}/edit/").content.decode()
    assert 'id="production-reasons-block" class="reasons-block d-none"' in html
    assert 'id="linkage-reasons-block" class="reasons-block d-none"' in html
    halted = make_project(
        managing_level="township",
        managing_unit=places["baojia_unit"],
        production_status="halted",
        reason_funds=True,
        proposed_classification="revitalise",
        linkage="insufficient",
        linkage_no_jobs=True,
    )
    html = client.get(f"/projects/{halted.pk}/edit/").content.decode()
    assert 'id="production-reasons-block" class="reasons-block"' in html
    assert 'id="linkage-reasons-block" class="reasons-block"' in html


def test_edit_page_shows_the_suggestion_and_saves_a_change_with_reason(client, alice, make_project, places):
    project = make_project(managing_level="township", managing_unit=places["baojia_unit"])
    page = client.get(f"/projects/{project.pk}/edit/")
    assert '系统建议：<strong id="facts-suggested">巩固</strong>' in page.content.decode()
    assert page.context["form"]["investment_total"].value() == Decimal("650000.75")
    data = form_data(
        places,
        number=project.number,
        production_status="difficulty",
        production_reasons=["reason_price"],
        proposed_classification="upgrade",
        upgrade_defects=["upgrade_chain_gap", "upgrade_single_marketing"],
        change_reason="按实地调研更新",
    )
    response = client.post(f"/projects/{project.pk}/edit/", data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.production_status, project.proposed_classification, project.reason_price) == (
        "difficulty",
        "upgrade",
        True,
    )
    latest = project.history.first()
    assert latest.history_user == alice and latest.history_change_reason == "按实地调研更新"
    assert project.history.count() == 2  # created, then changed


def test_edit_refused_when_the_facts_break_the_rules_leaves_project_unchanged(client, alice, make_project, places):
    project = make_project(managing_level="township", managing_unit=places["baojia_unit"])
    data = form_data(places, number=project.number, name="新名称", proposed_classification="rebuild")
    response = client.post(f"/projects/{project.pk}/edit/", data)
    assert response.status_code == 200
    assert "认定为“重建”须至少具备一项重建类缺陷" in error_next_to(response.content.decode(), "proposed_classification")
    project.refresh_from_db()
    assert project.name != "新名称" and project.history.count() == 1


@pytest.mark.parametrize("who", ["rita", "olga"])
def test_read_only_roles_cannot_open_the_new_form(client, personas, who):
    client.force_login(personas[who])
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, {}).status_code == 403


def test_reviewer_sees_but_cannot_edit(client, personas, make_project):
    project = make_project()
    client.force_login(personas["rita"])
    assert client.get(f"/projects/{project.pk}/").status_code == 200
    assert client.get(f"/projects/{project.pk}/edit/").status_code == 403


def test_other_township_gets_404_and_changes_nothing(client, personas, make_project, places):
    project = make_project()
    client.force_login(personas["bob"])
    assert client.get(f"/projects/{project.pk}/edit/").status_code == 404
    response = client.post(f"/projects/{project.pk}/edit/", form_data(places, number=project.number, name="改名"))
    assert response.status_code == 404
    project.refresh_from_db()
    assert project.name != "改名"


def test_village_cannot_edit_a_township_project_of_its_village(client, personas, make_project, places):
    project = make_project(managing_level="township", managing_unit=places["baojia_unit"])
    client.force_login(personas["vera"])
    assert client.get(f"/projects/{project.pk}/edit/").status_code == 403


def test_anonymous_is_sent_to_log_in(client, db):
    response = client.get(CREATE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_rule_errors_show_together_with_missing_fields(client, alice, places):
    data = form_data(places, name="", production_status="halted", linkage="insufficient")
    html = client.post(CREATE, data).content.decode()
    assert "此项必填" in error_next_to(html, "name")
    assert "“停产闲置”须至少选择一项原因。" in error_next_to(html, "production_reasons")
    assert "发挥联农带农作用不充分的，须至少选择一项原因。" in error_next_to(html, "linkage_reasons")
    assert "认定为“巩固”须项目生产经营正常。" in error_next_to(html, "proposed_classification")
    assert not Project.objects.exists()


def test_the_conditions_of_consolidation_are_recorded_from_the_form(client, alice, places):
    assert client.post(CREATE, form_data(places)).status_code == 302
    project = Project.objects.get()
    assert project.consolidate_conditions == [
        "发展势头较好",
        "产业链条完备",
        "产销衔接顺畅",
        "产品竞争力强",
        "防范化解风险机制健全",
    ]
    edit = f"/projects/{project.pk}/edit/"
    page = client.get(edit).content.decode()
    assert all(
        f'value="{c}" class="form-check-input" id="id_consolidate_conditions_{i}" checked' in page
        for i, c in enumerate(CONDITIONS)
    )
    # one condition unticked and no other class: the facts fit none, and the form says why
    response = client.post(edit, form_data(places, consolidate_conditions=CONDITIONS[1:], proposed_classification=""))
    assert "尚未勾选：发展势头较好。请核实上述情况" in error_next_to(
        response.content.decode(), "consolidate_conditions"
    )
    two_defects = ["upgrade_low_value_added", "upgrade_single_marketing"]
    data = form_data(
        places, consolidate_conditions=CONDITIONS[1:], upgrade_defects=two_defects, proposed_classification="upgrade"
    )
    assert client.post(edit, data).status_code == 302
    project.refresh_from_db()
    assert (project.consolidate_momentum, project.consolidate_risk, project.proposed_classification) == (
        False,
        True,
        "upgrade",
    )


def test_insufficient_linkage_points_to_exit_and_recovery(client, alice, places):
    data = form_data(places, linkage="insufficient", linkage_reasons=["linkage_no_jobs"])
    assert client.post(CREATE, data).status_code == 302  # 巩固 stands: (三) does not ask for linkage
    project = Project.objects.get()
    html = client.get(f"/projects/{project.pk}/edit/").content.decode()
    assert "确实无法建立联农带农机制的，应按（二）基本原则启动退出和追偿程序" in html
