from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from approvals.services.calendar import holiday_year_complete
from tests.approvals.holidays2027 import enter_2027


def _run(day):
    out = StringIO()
    call_command("notice_end", day, stdout=out)
    return out.getvalue()


def test_prints_end_over_national_day(db):
    out = _run("2025-09-30")
    assert "最早截止 2025-10-14" in out and "2025年节假日安排：已确认" in out


@pytest.mark.parametrize("day", ["2026-12-25", "2027-09-30"])
def test_warns_like_the_notice_page_until_the_year_is_entered(db, day):
    out = _run(day)
    assert "最早截止" not in out
    assert "公示截止日待确认：2027年节假日安排尚未录入" in out and "2027年节假日安排：尚未录入" in out
    enter_2027()  # rows, not marked complete
    assert "公示截止日待确认：2027年节假日安排尚未录入" in _run(day)


def test_prints_the_end_once_the_year_is_complete(db, personas):
    enter_2027()
    holiday_year_complete(by=personas["carl"], year=2027)
    out = _run("2026-12-25")
    assert "最早截止 2027-01-04" in out and "待确认" not in out
    assert "2026年节假日安排：已确认（系统内置日历）" in out and "2027年节假日安排：已确认（已完整录入）" in out
    assert "最早截止 2027-10-13" in _run("2027-09-30")


def test_ends_before_the_unknown_year(db):
    out = _run("2026-12-10")
    assert "最早截止 2026-12-17" in out and "2027年" not in out


def test_bad_date(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        _run("2025/09/30")
