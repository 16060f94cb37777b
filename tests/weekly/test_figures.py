"""Items 1–3 of the weekly report on the known data set (see conftest)."""

from datetime import date, datetime

from ledger.weekly.figures import (
    SHANGHAI,
    all_unit_figures,
    deadline,
    reporting_units,
    summary,
    unit_figures,
    week_start,
)
from tests.weekly.conftest import MONDAY


def test_week_runs_monday_to_sunday():
    assert week_start(date(2026, 11, 16)) == MONDAY and week_start(date(2026, 11, 22)) == MONDAY
    assert week_start(date(2026, 11, 23)) == date(2026, 11, 23)


def test_deadline_is_thursday_16_shanghai():
    assert deadline(MONDAY) == datetime(2026, 11, 19, 16, 0, tzinfo=SHANGHAI)


def test_township_figures_worked_by_hand(dataset, places, django_assert_num_queries):
    with django_assert_num_queries(1):
        f = unit_figures(places["baojia_unit"], MONDAY, provider=lambda unit, monday: "")
    assert (f["total"], f["complete"], f["classified"]) == (5, 3, 4)
    assert (f["disposal_total"], f["disposal_with_measures"]) == (2, 1)
    assert (f["halted"], f["halted_rate"]) == (2, "40.00")
    assert (f["difficulty"], f["difficulty_rate"]) == (1, "20.00")
    assert (f["linkage_failure"], f["linkage_failure_rate"]) == (2, "40.00")


def test_department_reports_only_the_projects_it_manages(dataset, places):
    f = unit_figures(places["agri"], MONDAY)
    assert (f["total"], f["complete"], f["halted_rate"]) == (1, 1, "0.00")
    assert unit_figures(places["forestry"], MONDAY)["total"] == 0


def test_all_units_in_one_grouped_query_agree_with_one_by_one(dataset, places, django_assert_num_queries, make_project):
    units = list(reporting_units())
    with django_assert_num_queries(1):
        figures = all_unit_figures(units, MONDAY)
    for unit in (places["baojia_unit"], places["hanjia_unit"], places["agri"]):
        assert figures[unit.pk] == unit_figures(unit, MONDAY, provider=lambda unit, monday: "")
    county = summary([figures[u.pk] for u in units if u.kind == "township"])
    assert (county["total"], county["halted"], county["halted_rate"]) == (6, 2, "33.33")
    for n in range(10):  # more projects, same number of queries
        make_project(number=f"X{n}")
    with django_assert_num_queries(1):
        all_unit_figures(units, MONDAY)


def test_progress_text_comes_from_a_provider(dataset, places):
    f = unit_figures(places["baojia_unit"], MONDAY, provider=lambda unit, monday: f"{unit.name}：盘活方案1个已批复")
    assert f["progress"] == "保家镇人民政府：盘活方案1个已批复"
