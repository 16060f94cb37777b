"""The project list: filters within the user's scope, search, sorting, paging, counts."""

import re

import pytest

from ledger.models import Project

LIST = "/projects/"


def shown(response) -> set[str]:
    return {row.record.number for row in response.context["table"].page.object_list}


@pytest.fixture
def spread(make_project, places):
    """Projects in different places, classes and states."""
    return {
        "village": make_project(name="鹿山社区中药材种植基地项目", year=2020),
        "township_upgrade": make_project(
            name="青坪社区茶叶加工厂项目",
            managing_level="township",
            managing_unit=places["baojia_unit"],
            village=places["baojia_village2"],
            industry_type="processing",
            year=2021,
            classification="upgrade",
            upgrade_chain_gap=True,
            upgrade_low_value_added=True,
        ),
        "halted": make_project(
            name="保家镇冷库项目",
            managing_level="township",
            managing_unit=places["baojia_unit"],
            village=None,
            production_status="halted",
            reason_funds=True,
            classification="",
            industry_type="cold_chain",
            year=2019,
        ),
        "agri_linkage": make_project(
            name="保家镇生猪养殖场项目",
            managing_level="department",
            managing_unit=places["agri"],
            village=None,
            industry_type="livestock",
            linkage="insufficient",
            linkage_no_jobs=True,
            classification="",
            year=2018,
        ),
        "hanjia": make_project(
            name="汉葭街道光伏电站项目",
            township=places["hanjia"],
            village=places["hanjia_village"],
            managing_unit=places["hanjia_village_unit"],
            industry_type="photovoltaic",
            year=2022,
        ),
    }


@pytest.fixture
def alice(client, personas):
    client.force_login(personas["alice"])
    return personas["alice"]


def test_list_shows_only_the_users_scope(client, alice, spread):
    response = client.get(LIST)
    assert response.status_code == 200
    assert shown(response) == {p.number for k, p in spread.items() if k != "hanjia"}
    assert spread["hanjia"].name not in response.content.decode()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("village={baojia_village}", {"village"}),
        ("managing_unit={agri}", {"agri_linkage"}),
        ("classification=none", {"halted", "agri_linkage"}),
        ("classification=upgrade", {"township_upgrade"}),
        ("industry_type=cold_chain", {"halted"}),
        ("production_status=halted", {"halted"}),
        ("linkage=insufficient", {"agri_linkage"}),
        ("year=2021", {"township_upgrade"}),
        ("q=茶叶", {"township_upgrade"}),
        ("q={number_of_halted}", {"halted"}),
        ("township={baojia}&classification=consolidate", {"village"}),
    ],
)
def test_each_filter_narrows_the_list(client, alice, spread, places, query, expected):
    values = {k: getattr(v, "pk", None) for k, v in places.items()}
    values["number_of_halted"] = spread["halted"].number
    response = client.get(f"{LIST}?{query.format(**values)}")
    assert shown(response) == {spread[k].number for k in expected}
    assert response.context["counts"]["total"] == len(expected)


def test_filter_choices_are_limited_to_the_users_scope(client, alice, spread, places):
    form = client.get(LIST).context["filter"].form
    assert [d.pk for d in form.fields["township"].queryset] == [places["baojia"].pk]
    assert {d.parent_id for d in form.fields["village"].queryset} == {places["baojia"].pk}
    units = set(form.fields["managing_unit"].queryset)
    assert places["baojia_unit"] in units and places["agri"] in units and places["hanjia_unit"] not in units
    # a township outside her scope is not a valid choice: the filter refuses it, shows nothing of bob's
    response = client.get(f"{LIST}?township={places['hanjia'].pk}")
    assert spread["hanjia"].number not in response.content.decode()


def test_counts_by_class_follow_the_filter(client, alice, spread):
    response = client.get(f"{LIST}?production_status=normal")
    counts = response.context["counts"]
    assert counts["total"] == 3
    assert counts["class_consolidate"] == 1 and counts["class_upgrade"] == 1 and counts["unclassified"] == 1
    html = response.content.decode()
    assert re.search(r'id="count-none">未认定 <strong>1</strong>', html)
    assert re.search(r'id="count-upgrade">提升 <strong>1</strong>', html)


def test_columns_sort(client, alice, spread):
    years = [row.record.year for row in client.get(f"{LIST}?sort=-year").context["table"].page.object_list]
    assert years == sorted(years, reverse=True)
    invest = client.get(f"{LIST}?sort=investment").context["table"].page.object_list
    assert [r.record.investment for r in invest] == sorted(r.record.investment for r in invest)


def test_list_pages_by_fifty(client, personas, make_project):
    for _ in range(55):
        make_project()
    client.force_login(personas["carl"])
    first = client.get(LIST)
    assert len(first.context["table"].page.object_list) == 50
    second = client.get(f"{LIST}?page=2")
    assert len(second.context["table"].page.object_list) == 5
    assert second.context["counts"]["total"] == 55


def test_list_has_a_place_for_export_buttons_and_new_button_by_role(client, personas, spread):
    client.force_login(personas["alice"])
    assert 'id="new-project"' in client.get(LIST).content.decode()
    client.force_login(personas["rita"])
    assert 'id="new-project"' not in client.get(LIST).content.decode()


@pytest.mark.parametrize("size", [5, 40])
def test_list_runs_a_fixed_number_of_queries(client, personas, make_project, django_assert_max_num_queries, size):
    for _ in range(size):
        make_project()
    client.force_login(personas["alice"])
    with django_assert_max_num_queries(14):  # 10, and the navigation bar's four counts (D90)
        response = client.get(f"{LIST}?production_status=normal&sort=-investment")
    assert len(response.context["table"].page.object_list) == size
    assert Project.objects.count() == size


def test_a_class_whose_conditions_are_pending_is_marked_and_can_be_listed_alone(client, alice, spread):
    pending = spread["village"]
    Project.objects.filter(pk=pending.pk).update(classification="upgrade", class_conditions_pending=True)
    client.force_login(alice)
    response = client.get(LIST, {"classification": "pending"})
    assert shown(response) == {pending.number}
    assert "待补录</span>" in response.content.decode()
    assert "待补录</span>" not in client.get(LIST, {"classification": "consolidate"}).content.decode()


def test_the_list_shows_the_class_in_force_and_marks_a_proposed_one(client, personas, make_project):
    make_project(name="已生效", classification="consolidate")
    make_project(name="仅拟认定", classification="", measures="", proposed_classification="consolidate")
    make_project(name="未拟定", classification="", measures="", proposed_classification="")
    client.force_login(personas["alice"])
    html = client.get(LIST).content.decode()
    rows = {
        name: html[html.index(name) : html.index("</tr>", html.index(name))]
        for name in ("已生效", "仅拟认定", "未拟定")
    }
    assert "巩固" in rows["已生效"] and "（拟）" not in rows["已生效"]
    assert "（拟）巩固" in rows["仅拟认定"]
    assert "未认定" in rows["未拟定"] and "（拟）" not in rows["未拟定"]
