"""The working-day rule: five working days after the posting day, on the official calendar
or a year an administrator entered completely; no end date while the count runs into a
year whose rest days are not known (D9)."""

import datetime as dt

import pytest

from approvals.calendar import Table, add_workdays, notice_end, package_knows, reminder_year, year_known
from approvals.models import Holiday, HolidayYear
from tests.approvals.holidays2027 import enter_2027

d = dt.date


def test_the_package_covers_2004_to_2026():
    assert [y for y in range(2000, 2031) if package_knows(y)] == list(range(2004, 2027))


def test_ordinary_week_counts_five_weekdays_after_posting(db):
    # Mon 2025-06-09 posted → Tue..Fri (4) + Mon 06-16 (5)
    assert notice_end(d(2025, 6, 9)).end == d(2025, 6, 16)


def test_national_day_2025_holiday_and_make_up_days(db):
    # Posted Tue 2025-09-30. Oct 1–8 holiday; Oct 9 (1), Oct 10 (2), Sat Oct 11 make-up (3),
    # Sun Oct 12 rest, Mon Oct 13 (4), Tue Oct 14 (5).
    result = notice_end(d(2025, 9, 30))
    assert result.end == d(2025, 10, 14)
    assert result.confirmed and result.warning == ""


def test_posting_on_make_up_sunday_before_national_day(db):
    # Posted Sun 2025-09-28 (a make-up working day, not counted): Sep 29 (1), Sep 30 (2),
    # then Oct 9 (3), Oct 10 (4), Oct 11 (5).
    assert notice_end(d(2025, 9, 28)).end == d(2025, 10, 11)


@pytest.mark.parametrize("posted", [d(2026, 12, 25), d(2027, 9, 30), d(2026, 12, 28)])
def test_a_count_into_an_unknown_year_has_no_end(db, posted):
    result = notice_end(posted)
    assert result.end is None and result.pending_year == 2027 and not result.confirmed
    assert result.warning == "公示截止日待确认：2027年节假日安排尚未录入"


def test_five_days_ending_before_the_unknown_year_are_fine(db):
    # Thu 2026-12-10: Dec 11 (1), 14 (2), 15 (3), 16 (4), 17 (5)
    result = notice_end(d(2026, 12, 10))
    assert result.end == d(2026, 12, 17) and result.confirmed


def test_the_last_day_before_the_boundary(db):
    # Thu 2026-12-24: Dec 25 (1), 28 (2), 29 (3), 30 (4), 31 (5): never looks at 2027
    assert notice_end(d(2026, 12, 24)).end == d(2026, 12, 31)


def test_a_year_entered_only_partly_stays_pending(db):
    enter_2027(only=[d(2027, 1, 1)])
    assert notice_end(d(2027, 9, 30)).pending_year == 2027
    enter_2027(only=[d(2027, 10, n) for n in range(1, 8)])  # all the rows of 国庆, still not marked
    assert notice_end(d(2026, 12, 25)).end is None
    assert notice_end(d(2027, 9, 30)).end is None
    HolidayYear.objects.create(year=2027, complete=False)
    assert notice_end(d(2027, 9, 30)).end is None and not year_known(2027)


def test_a_complete_year_counts_its_holidays_and_make_up_days(db):
    enter_2027()
    HolidayYear.objects.create(year=2027, complete=True)
    assert year_known(2027)
    # Fri 2026-12-25: Dec 28 (1) … Dec 31 (4); Jan 1–3 rest; Mon Jan 4 (5)
    assert notice_end(d(2026, 12, 25)).end == d(2027, 1, 4)
    # Thu 2027-09-30: Oct 1–7 rest; Fri Oct 8 (1), Sat Oct 9 make-up (2), Mon 11 (3), 12 (4), 13 (5)
    assert notice_end(d(2027, 9, 30)).end == d(2027, 10, 13)
    # Fri 2027-09-24: Sun Sep 26 make-up (1), Mon 27 (2), 28 (3), 29 (4), 30 (5)
    assert notice_end(d(2027, 9, 24)).end == d(2027, 9, 30)


def test_a_stray_row_does_not_make_another_year_known(db):
    enter_2027()
    HolidayYear.objects.create(year=2027, complete=True)
    Holiday.objects.create(date=d(2028, 1, 1), is_workday=False, note="元旦")
    assert notice_end(d(2027, 12, 28)).pending_year == 2028


def test_table_overrides_the_official_calendar(db):
    # make Wed 2025-06-11 a rest day by local decision
    Holiday.objects.create(date=d(2025, 6, 11), is_workday=False, note="测试")
    assert notice_end(d(2025, 6, 9)).end == d(2025, 6, 17)


@pytest.mark.parametrize("year", [2030, 2099])
def test_far_future_years_never_fail(db, year):
    result = notice_end(d(year, 1, 1))
    assert result.end is None and result.pending_year == year


def test_add_workdays_accepts_a_given_table_without_queries(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert add_workdays(d(2025, 9, 30), 5, Table({}, frozenset())).end == d(2025, 10, 14)
        assert add_workdays(d(2026, 12, 28), 5, Table({}, frozenset())).end is None


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (d(2026, 10, 31), None),
        (d(2026, 11, 1), 2027),
        (d(2026, 12, 31), 2027),
        (d(2027, 1, 15), 2027),  # this year not known either
        (d(2025, 11, 1), None),  # 2026 is in the package
    ],
)
def test_the_reminder_runs_from_1_november_until_next_year_is_known(db, today, year):
    assert reminder_year(today) == year


def test_the_reminder_stops_once_next_year_is_complete(db):
    enter_2027()
    HolidayYear.objects.create(year=2027, complete=True)
    assert reminder_year(d(2026, 11, 1)) is None
    assert reminder_year(d(2027, 11, 1)) == 2028
