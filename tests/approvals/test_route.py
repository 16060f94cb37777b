"""The route table: which steps each managing level goes through, and who acts."""

import pytest

from approvals.choices import Actor, Status
from approvals.models import Application
from approvals.route import acts_as, is_preparer, new_round_refusal, next_status, steps


def _app(places, level, village=True):
    unit = {"village": places["village_unit"], "township": places["baojia_unit"], "department": places["agri"]}
    return Application(
        managing_level=level,
        managing_unit=unit[level],
        township=places["baojia"],
        village=places["baojia_village"] if village else None,
    )


@pytest.mark.parametrize(
    "level,expected",
    [
        ("village", [Status.VILLAGE, Status.TOWNSHIP, Status.COUNTY]),
        ("township", [Status.VILLAGE, Status.TOWNSHIP, Status.COUNTY]),
        ("department", [Status.VILLAGE, Status.TOWNSHIP, Status.DEPARTMENT, Status.COUNTY]),
    ],
)
def test_route_per_managing_level(places, level, expected):
    assert [s.status for s in steps(_app(places, level))] == expected


def test_township_project_outside_a_village_skips_the_village_opinion(places):
    app = _app(places, "township", village=False)
    assert [s.status for s in steps(app)] == [Status.TOWNSHIP, Status.COUNTY]


def test_next_status_follows_the_route(places):
    app = _app(places, "department")
    app.status = Status.TOWNSHIP
    assert next_status(app) == Status.DEPARTMENT


def test_who_acts(personas, places):
    app = _app(places, "department")
    assert acts_as(personas["vera"], Actor.VILLAGE, app)
    assert acts_as(personas["alice"], Actor.TOWNSHIP, app)
    assert not acts_as(personas["bob"], Actor.TOWNSHIP, app)
    assert acts_as(personas["dora"], Actor.DEPARTMENT, app)
    assert not acts_as(personas["dan"], Actor.DEPARTMENT, app)
    assert acts_as(personas["olga"], Actor.OFFICE, app)
    assert not acts_as(personas["carl"], Actor.OFFICE, app)
    assert not acts_as(personas["alice"], Actor.VILLAGE, app)  # the right unit's place, the wrong role


def test_actors_have_chinese_labels():
    assert Actor.OFFICE.label == "县领导小组办公室" and Actor.VILLAGE.label == "项目所在村(居)委会"


def test_preparers(personas, places):
    assert is_preparer(personas["alice"], _app(places, "village"))
    assert is_preparer(personas["vera"], _app(places, "village"))
    assert not is_preparer(personas["vera"], _app(places, "township"))
    assert is_preparer(personas["dora"], _app(places, "department"))
    assert not is_preparer(personas["alice"], _app(places, "department"))


@pytest.mark.parametrize(
    "latest,refused",
    [
        (None, ""),
        (Status.EVALUATED, ""),
        (Status.COMPLETED, "尚未完成并评估"),
        (Status.EFFECTIVE, "尚未完成并评估"),
        (Status.NOTICE, "正在办理"),
        (Status.PREPARING, "正在办理"),
    ],
)
def test_a_new_round_starts_only_after_the_last_was_evaluated(latest, refused):
    why = new_round_refusal(latest)
    assert (refused in why) if refused else why == ""
