"""The scheduled work on the background queue (D86), written as django-q2 schedules; safe
to run again (each schedule is found by its name and brought up to date). `make run` and
the production steps in the README run it after `migrate`."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone
from django_q.models import Schedule

# name: (task, local time of day, what it does)
SCHEDULES: dict[str, tuple[str, dt.time, str]] = {
    "close_notices": (
        "approvals.tasks.close_notices",
        dt.time(0, 30),
        "每日结束已期满且无未处理异议的公示（十四）",
    ),
    "monthly_versions": (
        "ledger.tasks.monthly_versions",
        dt.time(2, 0),
        "每月第一周生成月度版本（二十二；已有则不重复生成）",
    ),
    "prune_audit": (
        "ledger.tasks.prune_audit",
        dt.time(3, 0),
        "每月1日删除超过保存期限（不少于180天）的审计日志",
    ),
    "expire_job_files": (
        "ledger.tasks.expire_job_files",
        dt.time(3, 30),
        "每日删除完成已超过保存天数（JOB_FILE_DAYS）的后台任务文件，任务记录保留并标为已过期",
    ),
    "weekly_reminders": (
        "ledger.tasks.weekly_reminders",
        dt.time(9, 0),
        "周四上午提醒未报送本周周调度的单位，周五提醒逾期未报（二十二；同日不重复提醒）",
    ),
    "round_reminders": (
        "approvals.tasks.round_reminders",
        dt.time(8, 30),
        "工作轮次各时间节点前三个工作日提醒（十六–二十；节假日未录入的年份不提醒）",
    ),
}


def next_at(when: dt.time, now: dt.datetime) -> dt.datetime:
    """The next moment at `when`, local time, after `now`."""
    local = timezone.localtime(now)
    run = local.replace(hour=when.hour, minute=when.minute, second=0, microsecond=0)
    return run if run > local else run + dt.timedelta(days=1)


def setup_schedules(now: dt.datetime | None = None) -> list[Schedule]:
    now = now or timezone.now()
    out = []
    for name, (func, when, _) in SCHEDULES.items():
        schedule = Schedule.objects.filter(name=name).first()
        if schedule is None:
            schedule = Schedule(name=name, next_run=next_at(when, now))
        elif schedule.next_run is None or timezone.localtime(schedule.next_run).time() != when:
            schedule.next_run = next_at(when, now)
        schedule.func = func
        schedule.schedule_type = Schedule.DAILY
        schedule.repeats = -1
        schedule.save()
        out.append(schedule)
    return out


class Command(BaseCommand):
    help = (
        "Create or bring up to date the queue's daily schedules (closing due notices, the monthly versions, "
        "pruning the audit trail, expiring old job files, the weekly and the round reminders)."
    )

    def handle(self, *args, **options):
        for schedule in setup_schedules():
            self.stdout.write(
                f"{schedule.name}: {schedule.func}, daily, next {timezone.localtime(schedule.next_run):%Y-%m-%d %H:%M}"
            )
