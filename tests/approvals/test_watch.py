"""The approvals' sections of the data-quality watch (approvals/watch.py): steps late
against the round, revitalise and rebuild projects without progress for four weeks,
projects not surveyed by the round's survey date; each lists its case and not a clean
one, in a fixed number of queries whatever the number of projects."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from approvals.choices import Status
from approvals.models import Application, Progress, Round
from ledger.models import County, Project
from ledger.watch import scope_for_user, watch_sections
from ledger.weekly.export import write_weekly
from ledger.weekly.figures import week_start
from tests.approvals.conftest import CLASS_FACTS

TODAY = timezone.localdate()


def days(n):
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def this_round(db):
    """This year's round, its survey and decision dates past, its report date ahead."""
    round_, _ = Round.objects.update_or_create(
        county=County.objects.get(code="500243"),
        year=TODAY.year,
        defaults={
            "name": f"{TODAY.year}年度",
            "submit_by": days(-10),
            "approve_by": days(-5),
            "disposal_from": days(-3),
            "first_results_by": days(-2),
            "report_by": days(30),
        },
    )
    return round_


@pytest.fixture
def application(places):
    def make(project, status, round_=None, effective_on=None, progress=()):
        township_unit = places["baojia_unit"] if project.township == places["baojia"] else places["hanjia_unit"]
        app = Application.objects.create(
            project=project,
            round=round_,
            status=status,
            managing_level=project.managing_level,
            managing_unit=project.managing_unit,
            submitting_unit=township_unit,
            township=project.township,
            village=project.village,
            classification=project.classification,
            measures=project.measures or "落实措施",
            approved_class=project.classification if status not in ("preparing", "county") else "",
            effective_on=effective_on,
        )
        for day in progress:
            Progress.objects.create(application=app, date=day, text="推进处置", percent=10)
        return app

    return make


def sections(user, today=TODAY):
    return {s.key: s for s in watch_sections(scope_for_user(user), today)}


def details(section):
    return {item.title.split()[0]: item.detail for item in section.items}


def hanjia(places):
    return {
        "township": places["hanjia"],
        "village": places["hanjia_village"],
        "managing_unit": places["hanjia_village_unit"],
    }


def test_steps_late_against_the_round_are_listed(personas, make_project, application, this_round):
    application(make_project(number="PREP"), Status.PREPARING, this_round)
    application(make_project(number="CTY"), Status.COUNTY, this_round)
    application(make_project(number="APPR"), Status.APPROVED, this_round)
    application(make_project(number="NOPROG"), Status.EFFECTIVE, this_round, effective_on=days(-4))
    clean = application(
        make_project(number="CLEAN"), Status.EFFECTIVE, this_round, effective_on=days(-4), progress=[days(-1)]
    )
    found = sections(personas["carl"])["steps"]
    assert details(found) == {
        "PREP": f"逾期未报县领导小组审定（十八：应于{days(-10):%Y-%m-%d}前报送），当前编制中",
        "CTY": f"逾期未审定（十九：应于{days(-5):%Y-%m-%d}前审定）",
        "APPR": f"审定后尚未公示，未按期开始处置（二十：{days(-3):%Y-%m-%d}后开始处置）",
        "NOPROG": f"未填报处置进展（二十：应于{days(-2):%Y-%m-%d}前取得阶段性成效）",
    }
    assert [i.url for i in found.items if i.title.startswith("CTY")] == [
        f"/approvals/{Application.objects.get(project__number='CTY').pk}/"
    ]
    assert clean.project.number not in details(found)
    # past the report date every application not yet done is late
    late = details(sections(personas["carl"], today=days(31))["steps"])
    assert set(late) == {"PREP", "CTY", "APPR", "NOPROG", "CLEAN"}


def test_progress_overdue_without_a_round(personas, make_project, application):
    application(make_project(number="OLD"), Status.EFFECTIVE, effective_on=days(-40), progress=[days(-35)])
    application(make_project(number="FRESH"), Status.EFFECTIVE, effective_on=days(-40), progress=[days(-20)])
    assert details(sections(personas["carl"])["steps"]) == {"OLD": "处置进展逾期未报（30天内无进展）"}


def test_revitalise_and_rebuild_without_progress_for_four_weeks(personas, make_project, application):
    stalled = make_project(number="STALL", **CLASS_FACTS["revitalise"])
    application(stalled, Status.EFFECTIVE, effective_on=days(-60), progress=[days(-30)])
    never = make_project(number="NEVER", **CLASS_FACTS["rebuild"], proposed_measures="整改联农带农")
    application(never, Status.EFFECTIVE, effective_on=days(-29))
    busy = make_project(number="BUSY", **CLASS_FACTS["revitalise"])
    application(busy, Status.EFFECTIVE, effective_on=days(-60), progress=[days(-3)])
    young = make_project(number="YOUNG", **CLASS_FACTS["revitalise"])
    application(young, Status.EFFECTIVE, effective_on=days(-10))
    done = make_project(number="DONE", **CLASS_FACTS["revitalise"])
    application(done, Status.COMPLETED, effective_on=days(-60))
    found = sections(personas["carl"])
    assert details(found["stalled"]) == {
        "STALL": f"盘活，{days(-60):%Y-%m-%d}生效，最近一次进展{days(-30):%Y-%m-%d}",
        "NEVER": f"重建，{days(-29):%Y-%m-%d}生效，尚未填报处置进展",
    }
    assert found["stalled"].action == "填报进展"
    assert found["steps"].count == 0  # listed once, in their own section


def test_projects_not_surveyed_by_the_round_date(personas, make_project, this_round):
    blank = {"functional_state": "", "use_state": "", "production_status": "", "linkage": ""}
    late = make_project(number="LATE", classification="", proposed_classification="", **blank)
    pushed_since = make_project(number="SINCE", classification="", proposed_classification="", **blank)
    surveyed = make_project(number="DONE")
    Project.objects.filter(pk__in=[late.pk, surveyed.pk]).update(created_at=timezone.now() - dt.timedelta(days=20))
    found = sections(personas["carl"])["unsurveyed"]
    assert list(details(found)) == ["LATE"]
    assert found.items[0].url == f"/projects/{late.pk}/"
    assert pushed_since.number not in details(found)
    Round.objects.filter(pk=this_round.pk).update(submit_by=days(5))  # the date is still ahead
    assert sections(personas["carl"])["unsurveyed"].count == 0


def test_a_unit_sees_only_its_own_applications(personas, make_project, application, places, this_round):
    application(make_project(number="MINE"), Status.PREPARING, this_round)
    application(make_project(number="THEIRS", **hanjia(places)), Status.PREPARING, this_round)
    assert list(details(sections(personas["alice"])["steps"])) == ["MINE"]
    assert list(details(sections(personas["bob"])["steps"])) == ["THEIRS"]
    assert sections(personas["dan"])["steps"].count == 0
    assert sections(personas["olga"])["steps"].count == 2


def populate(make_project, application, this_round, places, n, tag="A"):
    """`n` projects of each kind the watch lists, half of them 汉葭街道's."""
    for i in range(n):
        place = hanjia(places) if i % 2 else {}
        application(make_project(number=f"{tag}S{i:03d}", **place), Status.PREPARING, this_round)
        stall = make_project(number=f"{tag}T{i:03d}", **CLASS_FACTS["revitalise"], **place)
        application(stall, Status.EFFECTIVE, this_round, effective_on=days(-60), progress=[days(-40)])
        make_project(number=f"{tag}C{i:03d}", production_status="halted", reason_funds=True, **place)
        make_project(number=f"{tag}I{i:03d}", problem_dividend_short=True, **place)


def count_queries(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx)


def test_the_watch_runs_a_fixed_number_of_queries(
    client, personas, make_project, application, this_round, places, django_assert_num_queries
):
    populate(make_project, application, this_round, places, 3)
    client.force_login(personas["carl"])
    scope = scope_for_user(personas["carl"])
    few = {
        "sections": count_queries(lambda: watch_sections(scope, TODAY)),
        "page": count_queries(lambda: client.get("/watch/")),
        "home": count_queries(lambda: client.get("/")),
        "workbook": count_queries(lambda: write_weekly(io.BytesIO(), week_start(TODAY))),
    }
    populate(make_project, application, this_round, places, 30, tag="B")
    for key, fn in [
        ("sections", lambda: watch_sections(scope, TODAY)),
        ("page", lambda: client.get("/watch/")),
        ("home", lambda: client.get("/")),
        ("workbook", lambda: write_weekly(io.BytesIO(), week_start(TODAY))),
    ]:
        with django_assert_num_queries(few[key]):
            fn()
    counts = {s.key: s.count for s in watch_sections(scope, TODAY)}
    assert counts == {"classes": 33, "steps": 33, "stalled": 33, "income": 33, "unsurveyed": 0, "rates": 0}


def test_the_weekly_workbook_sums_up_the_watch_of_its_scope(personas, make_project, application, places, this_round):
    populate(make_project, application, this_round, places, 3)  # 保家镇 two of each, 汉葭街道 one
    for units, expected in ((None, 3), ([places["baojia_unit"]], 2), ([places["hanjia_unit"]], 1)):
        out = io.BytesIO()
        write_weekly(out, week_start(TODAY), units=units)
        ws = load_workbook(out)["数据质量提醒"]
        assert ws["A1"].value == f"数据质量提醒（截至{TODAY.isoformat()}）"
        assert [c.value for c in ws[2]] == ["序号", "提醒事项", "数量", "说明"]
        rows = {ws.cell(r, 2).value: ws.cell(r, 3).value for r in range(3, 9)}
        assert rows == {
            "分类与现有情况不符的项目": expected,
            "处置步骤逾期的申请": expected,
            "四周无处置进展的盘活、重建项目": expected,
            "资产收益未足额分配的项目": expected,
            "逾期未调研的项目": 0,
            "三率较上周上升的单位": 0,
        }
        assert ws.row_dimensions[3].height and ws.row_dimensions[3].height > 12  # fitted to the wrapped text
