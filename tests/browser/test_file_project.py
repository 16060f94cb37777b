"""A township clerk files a project in a real browser and finds it in the list."""

import pytest

from ledger.models import Project

pytestmark = pytest.mark.browser

NUMBER = "5002432024009001"


def test_township_user_files_a_project_and_finds_it_by_number(page, login, personas, places):
    login("alice")
    page.goto("/projects/")
    page.click("#new-project")
    page.wait_for_url("**/projects/new/")

    page.fill("#id_name", "鹿山社区魔芋加工车间项目")
    page.fill("#id_number", NUMBER)
    # the township is preselected; only 保家镇's villages are offered
    village = places["baojia_village"]
    page.select_option("#id_village", str(village.pk))
    assert places["hanjia_village"].short_name not in page.inner_text("#id_village")
    page.fill("#id_year", "2024")
    page.fill("#id_responsible_unit", "保家镇人民政府")
    page.fill("#id_responsible_person", "张建国")
    page.fill("#id_responsible_phone", "023-78441234")
    page.check("input[name=industry_type][value=processing]")
    page.check("input[name=managing_level][value=township]")
    page.select_option("#id_managing_unit", str(places["baojia_unit"].pk))

    # the totals add up as she types, to the fen
    page.fill("#id_fund1_central", "")
    page.type("#id_fund1_central", "100000.10")
    assert page.input_value("#id_fund1_total") == "100000.10"
    page.fill("#id_fund1_municipal", "0.20")
    page.fill("#id_fund4_social", "5000")
    assert page.input_value("#id_fund1_total") == "100000.30"
    assert page.input_value("#id_investment_total") == "105000.30"

    page.check("input[name=operation_mode][value=leased]")
    page.check("input[name=functional_state][value=normal]")
    page.check("input[name=use_state][value=idle]")
    # the reasons appear only when the status asks for them
    assert not page.is_visible("#production-reasons-block")
    page.check("input[name=production_status][value=halted]")
    assert page.is_visible("#production-reasons-block")
    page.check("input[name=production_reasons][value=reason_funds]")
    assert not page.is_visible("#linkage-reasons-block")
    page.check("input[name=linkage][value=full]")
    page.check("input[name=proposed_classification][value=revitalise]")
    page.fill("#id_proposed_measures", "引进新的经营主体，盘活闲置车间。")
    page.fill("#id_revitalise_support", "申请衔接资金20万元维修设施，协调信贷贴息政策。")
    page.click("#save")

    page.wait_for_url("**/projects/*/")
    assert page.inner_text("#p-number") == NUMBER
    assert "盘活☑" in page.inner_text("#p-classification")
    assert page.inner_text("#p-investment-total") == "105000.30"
    project = Project.objects.get(number=NUMBER)
    assert project.history.get().history_user == personas["alice"]
    assert project.reason_funds and project.village == village

    page.goto("/projects/")
    page.fill("#id_q", NUMBER)
    page.click("#filter-form button[type=submit]")
    page.wait_for_url("**q=*")
    assert page.locator("#project-table tbody tr").count() == 1
    assert "鹿山社区魔芋加工车间项目" in page.inner_text("#project-table")
