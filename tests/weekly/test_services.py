"""Submitting the weekly report: rights, once a week, figures kept, the Thursday deadline."""

from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ledger.choices import WeeklyStatus
from ledger.models import Project
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
        unit=places["baojia_unit"], monday=MONDAY, by=personas["alice"], other_progress="", now=at(16, 1)
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
        unit=places["baojia_unit"], monday=MONDAY, by=personas["alice"], other_progress="", now=at(10, 0)
    )
    Project.objects.filter(number="W1").update(production_status="halted", reason_funds=True, classification="")
    report.refresh_from_db()
    assert report.figures["halted"] == 2 and report.figures["total"] == 5


def test_a_week_is_reported_once(dataset, personas, places):
    weekly_submit(unit=places["baojia_unit"], monday=MONDAY, by=personas["alice"], other_progress="", now=at(10, 0))
    with pytest.raises(ValidationError, match="已报送"):
        weekly_submit(unit=places["baojia_unit"], monday=MONDAY, by=personas["alice"], other_progress="", now=at(11, 0))


def test_only_the_units_own_staff_submit(personas, places):
    for name in ("bob", "carl", "vera"):
        with pytest.raises(PermissionDenied):
            weekly_submit(
                unit=places["baojia_unit"], monday=MONDAY, by=personas[name], other_progress="", now=at(10, 0)
            )


def test_future_weeks_cannot_be_submitted(personas, places):
    with pytest.raises(ValidationError, match="以后的周"):
        weekly_submit(
            unit=places["baojia_unit"], monday=MONDAY, by=personas["alice"], other_progress="", now=at(10, 0, day=12)
        )
