"""Reminders of the round's dates (十六–二十), three working days before each, counted by
the working-day calendar; a date whose year's rest days are unknown is not guessed (D9);
running twice the same day adds nothing."""

import datetime as dt

from django_q.tasks import async_task, result

from approvals.models import Round
from approvals.services.reminders import due_for_reminder, round_reminders
from ledger.models import County, Notification, NotificationKind

MONDAY = dt.date(2025, 6, 9)  # after 端午 (31 May–2 June): 9–13 June are working days


def make_round(year=2025, **dates):
    return Round.objects.create(
        county=County.objects.get(code="500243"), year=year, name=f"{year}年“四个一批”工作", **dates
    )


def told():
    rows = Notification.objects.filter(kind=NotificationKind.ROUND_DEADLINE)
    return set(rows.values_list("user__username", flat=True))


def test_three_working_days_before_the_units_are_reminded(personas):
    make_round(submit_by=dt.date(2025, 6, 12))  # Thursday
    created = round_reminders(MONDAY)
    assert told() == {"alice", "bob", "dora", "dan"}  # the townships and departments
    note = created[0]
    assert "“调研分类并报送申请表”的时间节点为2025年06月12日" in note.text and note.url == "/approvals/timetable/"


def test_only_on_that_day(personas):
    make_round(submit_by=dt.date(2025, 6, 12))
    for day in (dt.date(2025, 6, 6), dt.date(2025, 6, 10), dt.date(2025, 6, 11), dt.date(2025, 6, 12)):
        assert round_reminders(day) == [], day
    assert not told()


def test_the_count_skips_rest_days(personas):
    # Tuesday 3 June (after 端午) → 4, 5, 6 June: the Friday is three working days on;
    # from Friday 30 May (端午 Saturday to Monday): 3, 4, 5 June
    assert due_for_reminder(dt.date(2025, 6, 6), dt.date(2025, 6, 3)) is True
    assert due_for_reminder(dt.date(2025, 6, 5), dt.date(2025, 5, 30)) is True
    assert due_for_reminder(dt.date(2025, 6, 5), dt.date(2025, 5, 31)) is False  # a rest day sends nothing
    # a deadline on a Sunday is reminded of once, on the Wednesday before
    assert due_for_reminder(dt.date(2025, 6, 15), dt.date(2025, 6, 11)) is True
    assert due_for_reminder(dt.date(2025, 6, 15), dt.date(2025, 6, 12)) is False


def test_the_county_decision_date_reminds_the_office(personas):
    make_round(approve_by=dt.date(2025, 6, 12))
    round_reminders(MONDAY)
    assert told() == {"olga"}


def test_running_twice_the_same_day_adds_nothing(personas):
    make_round(submit_by=dt.date(2025, 6, 12), approve_by=dt.date(2025, 6, 12))
    first = round_reminders(MONDAY)
    assert len(first) == 5
    assert round_reminders(MONDAY) == []
    assert Notification.objects.count() == 5


def test_a_year_whose_rest_days_are_unknown_is_not_guessed(personas):
    day = dt.date(2035, 6, 11)
    make_round(year=2035, submit_by=dt.date(2035, 6, 14))
    assert due_for_reminder(dt.date(2035, 6, 14), day) is None
    assert round_reminders(day) == []


def test_no_round_no_reminder(personas):
    assert round_reminders(MONDAY) == []


def test_the_task_runs_through_the_queue(personas):
    make_round(submit_by=dt.date(2025, 6, 12))
    assert result(async_task("approvals.tasks.round_reminders", MONDAY)) == "4 reminders"
