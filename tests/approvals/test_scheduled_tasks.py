"""The scheduled work on the queue: `setup_schedules` writes django-q2's daily schedules once
and keeps them up to date; each schedule's task, run through django-q2's task code, does the
work (closing due notices, 十四; the monthly versions in a month's first week, 二十二)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_q.models import Schedule, Success
from django_q.tasks import async_task, result

from approvals.choices import Status
from ledger.models import MonthlySnapshot
from pengshui.management.commands.setup_schedules import next_at
from tests.approvals.conftest import post_notice


def test_setup_schedules_is_idempotent(db):
    call_command("setup_schedules", stdout=StringIO())
    first = {s.name: (s.pk, s.func, s.schedule_type, s.repeats, s.next_run) for s in Schedule.objects.all()}
    call_command("setup_schedules", stdout=StringIO())
    again = {s.name: (s.pk, s.func, s.schedule_type, s.repeats, s.next_run) for s in Schedule.objects.all()}
    assert first == again
    assert {name: v[1:4] for name, v in first.items()} == {
        "close_notices": ("approvals.tasks.close_notices", Schedule.DAILY, -1),
        "monthly_versions": ("ledger.tasks.monthly_versions", Schedule.DAILY, -1),
        "prune_audit": ("ledger.tasks.prune_audit", Schedule.DAILY, -1),
        "weekly_reminders": ("ledger.tasks.weekly_reminders", Schedule.DAILY, -1),
        "round_reminders": ("approvals.tasks.round_reminders", Schedule.DAILY, -1),
        "expire_job_files": ("ledger.tasks.expire_job_files", Schedule.DAILY, -1),
    }
    assert timezone.localtime(first["close_notices"][4]).time() == dt.time(0, 30)
    assert timezone.localtime(first["weekly_reminders"][4]).time() == dt.time(9, 0)  # Thursday morning


def test_setup_schedules_repairs_a_changed_schedule(db):
    call_command("setup_schedules", stdout=StringIO())
    Schedule.objects.filter(name="close_notices").update(func="x.y", schedule_type=Schedule.ONCE)
    call_command("setup_schedules", stdout=StringIO())
    schedule = Schedule.objects.get(name="close_notices")
    assert (schedule.func, schedule.schedule_type) == ("approvals.tasks.close_notices", Schedule.DAILY)
    assert Schedule.objects.count() == 6


def test_next_run_is_the_next_local_time_of_day():
    tz = timezone.get_current_timezone()
    now = dt.datetime(2026, 11, 28, 1, 0, tzinfo=tz)
    assert next_at(dt.time(0, 30), now) == dt.datetime(2026, 11, 29, 0, 30, tzinfo=tz)
    assert next_at(dt.time(2, 0), now) == dt.datetime(2026, 11, 28, 2, 0, tzinfo=tz)


def test_the_close_notices_task_closes_a_due_notice(approved, level_project, personas):
    app = approved(level_project("village"))
    post_notice(by=personas["alice"], applications=[app], posted_on=dt.date(2025, 9, 30), contact="x")
    task_id = async_task("approvals.tasks.close_notices")
    assert result(task_id) == "1 notices closed"
    app.refresh_from_db()
    assert app.status == Status.EFFECTIVE
    assert Success.objects.get(id=task_id).func == "approvals.tasks.close_notices"


@pytest.mark.parametrize(("day", "stored"), [(3, True), (8, False)])
def test_the_monthly_task_stores_versions_in_the_first_week_only(make_project, settings, tmp_path, day, stored):
    settings.MEDIA_ROOT = tmp_path
    make_project()
    task_id = async_task("ledger.tasks.monthly_versions", dt.date(2026, 11, day))
    assert MonthlySnapshot.objects.filter(month=dt.date(2026, 11, 1)).exists() is stored
    assert result(task_id) == (
        "not the first week" if not stored else f"2026-11: {MonthlySnapshot.objects.count()} files"
    )
    if stored:  # the next day's run stores nothing more
        count = MonthlySnapshot.objects.count()
        assert result(async_task("ledger.tasks.monthly_versions", dt.date(2026, 11, day + 1))) == "2026-11: 0 files"
        assert MonthlySnapshot.objects.count() == count
