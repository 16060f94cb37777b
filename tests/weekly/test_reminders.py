"""The weekly reminders (二十二: 每周四16:00前报送), run through the queue's task: on Thursday
each reporting unit that has not sent this week's report is told it is due, on Friday that
it is late; a unit that has sent is not told; running twice the same day adds nothing."""

import datetime as dt

import pytest
from django_q.tasks import async_task, result

from ledger.models import Notification, NotificationKind, Unit
from ledger.models.weekly import WeeklyReport
from ledger.weekly.reminders import weekly_reminders

THURSDAY = dt.date(2026, 11, 26)
MONDAY = dt.date(2026, 11, 23)


@pytest.fixture
def hanjia_sent(places, personas):
    return WeeklyReport.objects.create(
        unit=places["hanjia_unit"],
        week_start=MONDAY,
        other_progress="无",
        submitted_by=personas["bob"],
        submitted_at=dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC),
    )


def users_told(kind):
    return set(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def test_thursday_reminds_the_units_that_have_not_reported(personas, hanjia_sent):
    created = weekly_reminders(THURSDAY)
    assert users_told(NotificationKind.WEEKLY_DUE) == {"alice", "dora", "dan"}  # bob's unit has sent
    assert not users_told(NotificationKind.WEEKLY_LATE)
    # one per reporting unit's staff, none for the village, the bureau or the office
    assert {n.user.unit.kind for n in created} == {"township", "department"}
    alice = Notification.objects.get(user=personas["alice"])
    assert alice.text == "本周周调度请于今天（11月26日）16:00前报送（二十二）。" and alice.url == "/weekly/"


def test_running_twice_the_same_day_adds_nothing(personas, hanjia_sent):
    first = len(weekly_reminders(THURSDAY))
    assert first >= 3
    assert weekly_reminders(THURSDAY) == []
    assert Notification.objects.count() == first
    # the next Thursday is another day: told again
    assert len(weekly_reminders(THURSDAY + dt.timedelta(days=7))) > first  # bob's unit too, this time


def test_friday_tells_the_units_that_are_late(personas, hanjia_sent):
    weekly_reminders(THURSDAY + dt.timedelta(days=1))
    assert users_told(NotificationKind.WEEKLY_LATE) == {"alice", "dora", "dan"}
    assert "已逾期" in Notification.objects.get(user=personas["alice"]).text


@pytest.mark.parametrize("offset", [-3, -2, -1, 2, 3])
def test_other_days_send_nothing(personas, offset):
    assert weekly_reminders(THURSDAY + dt.timedelta(days=offset)) == []


def test_an_inactive_unit_is_not_reminded(personas, places):
    Unit.objects.filter(pk=places["forestry"].pk).update(active=False)
    weekly_reminders(THURSDAY)
    assert "dan" not in users_told(NotificationKind.WEEKLY_DUE)


def test_the_task_runs_through_the_queue(personas):
    task_id = async_task("ledger.tasks.weekly_reminders", THURSDAY)
    assert result(task_id) == f"{Notification.objects.count()} reminders"
    assert "alice" in users_told(NotificationKind.WEEKLY_DUE)
