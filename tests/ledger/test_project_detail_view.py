"""The project page: the filled paper form, the change history, the edit button."""

from decimal import Decimal

import pytest

from ledger.choices import FORM_TITLE
from ledger.services import project_update


@pytest.fixture
def township_project(make_project, places):
    return make_project(managing_level="township", managing_unit=places["baojia_unit"])


def test_page_shows_the_paper_form_with_title_variant_and_ticks(client, personas, township_project):
    client.force_login(personas["alice"])
    response = client.get(f"/projects/{township_project.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert FORM_TITLE in html and "（乡镇(街道)主管项目）" in html and "附件2" in html
    assert township_project.number in html and township_project.name in html
    assert 'id="p-investment-total">650000.75</span> 元' in html
    assert '市级资金 <span class="amt">100000.50</span> 元' in html
    assert "巩固☑" in html and "提升☐" in html and "重建☐" in html
    assert "种植业☑" in html and "养殖业☐" in html
    assert "委托运营☑" in html and "生产经营正常☑" in html and "充分发挥联农带农作用☑" in html
    for box in ("村委会意见", "乡镇(街道)意见", "县实施乡村振兴战略领导小组意见"):
        assert box in html
    assert html.count("盖章") == 3


def test_village_project_uses_annex_1(client, personas, make_project):
    project = make_project()
    client.force_login(personas["carl"])
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert "附件1" in html and "（村本级主管和实施项目）" in html


def test_halted_reasons_are_ticked_under_halted(client, personas, make_project, places):
    project = make_project(
        managing_level="township",
        managing_unit=places["baojia_unit"],
        production_status="halted",
        reason_funds=True,
        proposed_classification="revitalise",
    )
    client.force_login(personas["alice"])
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert "停产闲置☑" in html and "资金短缺☑" in html and "经营遇到困难☐" in html
    assert "盘活☑" in html


def test_history_lists_changes_with_labels_user_and_unit(client, personas, township_project, places):
    alice = personas["alice"]
    alice.first_name = "张丽"
    alice.save()
    project_update(
        project=township_project,
        by=alice,
        reason="实地调研后更新",
        data={
            "production_status": "difficulty",
            "reason_price": True,
            "upgrade_low_value_added": True,
            "upgrade_single_marketing": True,
            "proposed_classification": "",
            "fund1_county": Decimal("60000.00"),
            "village": places["baojia_village2"],
        },
    )
    client.force_login(personas["carl"])
    html = client.get(f"/projects/{township_project.pk}/").content.decode()
    assert "实地调研后更新" in html
    assert "张丽" in html and "保家镇人民政府" in html
    assert '生产经营</span>：<span class="text-muted">生产经营正常</span> → 经营遇到困难' in html
    assert '拟认定类别</span>：<span class="text-muted">巩固</span> → （空）' in html
    assert '产品价格波动</span>：<span class="text-muted">否</span> → 是' in html
    assert '衔接资金·区县资金</span>：<span class="text-muted">50,000.25 元</span> → 60,000.00 元' in html
    assert (
        f'村(居)</span>：<span class="text-muted">{places["baojia_village"].name}</span> → '
        f"{places['baojia_village2'].name}" in html
    )
    # newest first
    assert html.index("实地调研后更新") < html.index("填报新项目")


def test_history_time_is_shown_in_shanghai_time(client, personas, township_project):
    from zoneinfo import ZoneInfo

    record = township_project.history.get()
    local = record.history_date.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M:%S")
    client.force_login(personas["alice"])
    assert local in client.get(f"/projects/{township_project.pk}/").content.decode()


def test_edit_button_only_for_those_who_may_edit(client, personas, township_project):
    client.force_login(personas["alice"])
    assert 'id="edit-project"' in client.get(f"/projects/{township_project.pk}/").content.decode()
    client.force_login(personas["rita"])
    assert 'id="edit-project"' not in client.get(f"/projects/{township_project.pk}/").content.decode()
    client.force_login(personas["vera"])  # a village does not edit a township project
    assert 'id="edit-project"' not in client.get(f"/projects/{township_project.pk}/").content.decode()


def test_other_township_gets_404(client, personas, township_project):
    client.force_login(personas["bob"])
    assert client.get(f"/projects/{township_project.pk}/").status_code == 404


def test_approvals_panel_is_included(client, personas, township_project, settings, tmp_path):
    (tmp_path / "approvals").mkdir()
    (tmp_path / "approvals" / "project_panel.html").write_text('<div id="panel">{{ project.number }}</div>')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    client.force_login(personas["alice"])
    html = client.get(f"/projects/{township_project.pk}/").content.decode()
    assert f'<div id="panel">{township_project.number}</div>' in html


def _edit_many(project, users, n):
    for i in range(n):
        project_update(
            project=project,
            by=users[i % len(users)],
            data={"proposed_measures": f"措施{i}", "year": 2000 + i % 20},
            reason=f"第{i}次",
        )


@pytest.mark.parametrize("edits", [5, 40])
def test_page_runs_a_fixed_number_of_queries(client, personas, township_project, django_assert_max_num_queries, edits):
    _edit_many(township_project, [personas["alice"], personas["carl"], personas["admin"]], edits)
    client.force_login(personas["alice"])
    with django_assert_max_num_queries(16):  # 12, and the navigation bar's four counts (D90)
        response = client.get(f"/projects/{township_project.pk}/")
    assert response.content.decode().count('class="history-entry"') == edits + 1


def test_detail_shows_the_conditions_and_the_support(client, personas, make_project):
    project = make_project(consolidate_sales=False)
    client.force_login(personas["carl"])
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert '<td id="p-conditions">发展势头较好、产业链条完备、产品竞争力强、防范化解风险机制健全</td>' in html
    assert 'id="p-support"' not in html
    halted = make_project(production_status="halted", use_state="idle", reason_funds=True, classification="revitalise")
    html = client.get(f"/projects/{halted.pk}/").content.decode()
    assert '<td class="prewrap" id="p-support">申请衔接资金20万元维修设施，协调信贷贴息政策</td>' in html
