"""The home charts: inline SVG drawn on the server."""

from datetime import datetime, timedelta

from django.template import Context, Template
from django.test import RequestFactory

from ledger.access import projects_for
from ledger.models.weekly import WeeklyReport
from ledger.selectors import breakdown
from ledger.weekly.charts import home_charts, line_chart, rate_history, stacked_bar_chart
from ledger.weekly.figures import SHANGHAI
from tests.weekly.conftest import MONDAY


def test_line_chart_draws_one_polyline_per_series():
    svg = line_chart("t", ["11-09", "11-16"], {"停产闲置率": [10.0, 40.0], "经营困难率": [0.0, 20.0]})
    assert svg.startswith("<svg") and svg.count("<polyline") == 2 and "停产闲置率 40%" in svg


def test_labels_are_escaped():
    svg = stacked_bar_chart("t", ["<b>镇"], {"巩固": [1]})
    assert "&lt;b&gt;镇" in svg and "<b>" not in svg


def test_rate_history_sums_the_units_counts_per_week(places, personas):
    for _n, (unit, halted, total) in enumerate([(places["baojia_unit"], 2, 5), (places["hanjia_unit"], 0, 5)]):
        WeeklyReport.objects.create(
            unit=unit,
            week_start=MONDAY,
            figures={"total": total, "halted": halted},
            submitted_at=datetime(2026, 11, 19, 9, tzinfo=SHANGHAI),
        )
    labels, series = rate_history(WeeklyReport.objects.all())
    assert labels == ["11-16"] and series["停产闲置率"] == [20.0]


def test_home_charts_for_a_unit_and_the_county(dataset, personas, places, django_assert_num_queries):
    for week in range(3):
        WeeklyReport.objects.create(
            unit=places["baojia_unit"],
            week_start=MONDAY - timedelta(weeks=week),
            figures={"total": 5, "halted": week, "difficulty": 1, "linkage_failure": 2},
            submitted_at=datetime(2026, 11, 19, 9, tzinfo=SHANGHAI),
        )
    alice = personas["alice"]
    with django_assert_num_queries(3):  # the grouped counts, the townships' names, the reports
        home_charts(alice, projects_for(alice))
    groups = breakdown(projects_for(alice))  # as the home page gives them
    with django_assert_num_queries(2):
        charts = home_charts(alice, projects_for(alice), groups=groups)
    assert charts["rates_chart"].count("<polyline") == 3 and "11-02" in charts["rates_chart"]
    assert "保家镇" in charts["class_chart"] and "汉葭街道" not in charts["class_chart"]
    county = home_charts(personas["carl"], projects_for(personas["carl"]))
    assert "汉葭街道" in county["class_chart"]


def test_inclusion_tag_renders(dataset, personas):
    request = RequestFactory().get("/")
    request.user = personas["carl"]
    html = Template("{% load weekly_charts %}{% weekly_home_charts %}").render(Context({"request": request}))
    assert 'id="rates-chart"><svg' in html and 'id="class-chart"><svg' in html
