"""Submitting the weekly report: rights, once a week, figures kept, the Thursday deadline."""

from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ledger.choices import WeeklyStatus
from ledger.models import Project
from ledger.models.weekly import WeeklyReport
from ledger.weekly.figures import SHANGHAI
from ledger.weekly.services import report_status, weekly_submit
from tests.weekly.conftest import MONDAY


def at(hour, minute, day=19):
    return datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)


def test_submitted_at_1559_thursday_is_on_time(dataset, personas, places):
    report = weekly_submit(
        unit=places["baojia_unit"], monday=MONDAY, by=personas["alice"], other_progress="已开会", now=at(15, 59)
    )
    assert report_status(report, MONDAY) == WeeklyStatus.ON_TIME
    assert report.figures["halted_rate"] == "40.00" and report.other_progress == "已开会"


def test_submitted_at_1601_thursday_is_late(dataset, personas, places):
    report = weekly_submit(
        unit=places["baojia_unit"], monday=MONDAY, by=personas["alice"], other_progress="无", now=at(16, 1)
    )
    assert report_status(report, MONDAY) == WeeklyStatus.LATE


def test_not_submitted_is_open_before_and_missing_after_the_deadline():
    assert report_status(None, MONDAY, now=at(15, 59)) == WeeklyStatus.OPEN
    assert report_status(None, MONDAY, now=at(16, 1)) == WeeklyStatus.MISSING


def test_the_statuses_read_in_chinese():
    assert {s.value: s.label for s in WeeklyStatus} == {
        "on_time": "按时报送",
        "late": "逾期报送",
        "missing": "逾期未报送",
        "open": "尚未报送",
    }


def test_figures_stay_as_submitted(dataset, personas, places):
    report = weekly_submit(
        unit=places["baojia_unit"], monday=MONDAY, by=personas["alice"], other_progress="无", now=at(10, 0)
    )
    Project.objects.filter(number="W1").update(production_status="halted", reason_funds=True, classification="")
    report.refresh_from_db()
    assert report.figures["halted"] == 2 and report.figures["total"] == 5


def test_a_week_is_amended_before_the_deadline_and_not_after(dataset, personas, places):
    unit = places["baojia_unit"]
    first = weekly_submit(unit=unit, monday=MONDAY, by=personas["alice"], other_progress="已开会", now=at(10, 0))
    Project.objects.filter(number="W1").update(production_status="halted", reason_funds=True)
    again = weekly_submit(unit=unit, monday=MONDAY, by=personas["alice"], other_progress="已调研", now=at(15, 59))
    assert again.pk == first.pk and again.other_progress == "已调研" and again.figures["halted"] == 3
    assert report_status(again, MONDAY) == WeeklyStatus.ON_TIME
    versions = [(v.number, v.other_progress, v.figures["halted"]) for v in again.versions.order_by("number")]
    assert versions == [(1, "已开会", 2), (2, "已调研", 3)]
    with pytest.raises(ValidationError, match="截止时间（2026-11-19 16:00）已过，不能再修改"):
        weekly_submit(unit=unit, monday=MONDAY, by=personas["alice"], other_progress="补充", now=at(16, 0))
    again.refresh_from_db()
    assert again.other_progress == "已调研" and again.versions.count() == 2


def test_a_late_report_cannot_be_amended(dataset, personas, places):
    unit = places["baojia_unit"]
    weekly_submit(unit=unit, monday=MONDAY, by=personas["alice"], other_progress="无", now=at(17, 0))
    with pytest.raises(ValidationError, match="不能再修改"):
        weekly_submit(unit=unit, monday=MONDAY, by=personas["alice"], other_progress="补充", now=at(17, 5))


@pytest.mark.parametrize("text", ["", "  \n "])
def test_item_4_may_not_be_empty(dataset, personas, places, text):
    with pytest.raises(ValidationError, match="请填“无”"):
        weekly_submit(
            unit=places["baojia_unit"], monday=MONDAY, by=personas["alice"], other_progress=text, now=at(9, 0)
        )
    assert not WeeklyReport.objects.exists()


def test_only_the_units_own_staff_submit(personas, places):
    for name in ("bob", "carl", "vera"):
        with pytest.raises(PermissionDenied):
            weekly_submit(
                unit=places["baojia_unit"], monday=MONDAY, by=personas[name], other_progress="无", now=at(10, 0)
            )


def test_future_weeks_cannot_be_submitted(personas, places):
    with pytest.raises(ValidationError, match="以后的周"):
        weekly_submit(
            unit=places["baojia_unit"], monday=MONDAY, by=personas["alice"], other_progress="无", now=at(10, 0, day=12)
        )
