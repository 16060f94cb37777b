"""The working-day rule: five working days after the posting day, official calendar plus
the administrator's table; never fails on a year the package does not know."""

import datetime as dt

import pytest

from approvals.calendar import add_workdays, notice_end
from approvals.models import Holiday

d = dt.date


def test_ordinary_week_counts_five_weekdays_after_posting(db):
    # Mon 2025-06-09 posted → Tue..Fri (4) + Mon 06-16 (5)
    assert notice_end(d(2025, 6, 9)).end == d(2025, 6, 16)


def test_national_day_2025_holiday_and_make_up_days(db):
    # Posted Tue 2025-09-30. Oct 1–8 holiday; Oct 9 (1), Oct 10 (2), Sat Oct 11 make-up (3),
    # Sun Oct 12 rest, Mon Oct 13 (4), Tue Oct 14 (5).
    result = notice_end(d(2025, 9, 30))
    assert result.end == d(2025, 10, 14)
    assert result.confirmed


def test_posting_on_make_up_sunday_before_national_day(db):
    # Posted Sun 2025-09-28 (a make-up working day, not counted): Sep 29 (1), Sep 30 (2),
    # then Oct 9 (3), Oct 10 (4), Oct 11 (5).
    assert notice_end(d(2025, 9, 28)).end == d(2025, 10, 11)


def test_unknown_year_counts_weekends_only_and_warns(db):
    # Posted Mon 2026-12-28: Dec 29, 30, 31 (3); 2027 unknown: Fri Jan 1 (4), Mon Jan 4 (5).
    result = notice_end(d(2026, 12, 28))
    assert result.end == d(2027, 1, 4)
    assert result.unconfirmed_years == (2027,)
    assert "2027年" in result.warning


def test_holiday_table_covers_unknown_year(db):
    Holiday.objects.create(date=d(2027, 1, 1), is_workday=False, note="元旦")
    result = notice_end(d(2026, 12, 28))
    assert result.end == d(2027, 1, 5)  # Jan 1 is a holiday: Jan 4 (4), Jan 5 (5)
    assert result.confirmed


def test_table_entry_elsewhere_in_year_confirms_that_year(db):
    Holiday.objects.create(date=d(2027, 10, 1), is_workday=False, note="国庆节")
    result = notice_end(d(2026, 12, 28))
    assert result.end == d(2027, 1, 4) and result.confirmed


def test_table_overrides_the_official_calendar(db):
    # make Wed 2025-06-11 a rest day by local decision
    Holiday.objects.create(date=d(2025, 6, 11), is_workday=False, note="测试")
    assert notice_end(d(2025, 6, 9)).end == d(2025, 6, 17)


def test_table_make_up_saturday_counts(db):
    Holiday.objects.create(date=d(2027, 1, 2), is_workday=True, note="调休上班")
    assert notice_end(d(2026, 12, 28)).end == d(2027, 1, 2)


@pytest.mark.parametrize("year", [2030, 2099])
def test_far_future_years_never_fail(db, year):
    result = notice_end(d(year, 1, 1))
    assert result.end > d(year, 1, 1) and not result.confirmed


def test_add_workdays_accepts_a_given_table_without_queries(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert add_workdays(d(2025, 9, 30), 5, ({}, set())).end == d(2025, 10, 14)
