"""The queue's tasks (django-q2): each one a thin call of a service."""

from datetime import date

from django.utils import timezone

from ledger import audit
from ledger.exports.snapshots import snapshot_monthly
from ledger.jobs import job_run, jobs_expire
from ledger.notifications import send_emails
from ledger.weekly import reminders


def run_job(job_id: int) -> str:
    job = job_run(job_id=job_id)
    return "skipped" if job is None else f"{job.kind} {job.status}"


def expire_job_files() -> str:
    """Run daily by the schedule: delete the jobs' files older than JOB_FILE_DAYS days."""
    return f"{jobs_expire()} job files expired"


def monthly_versions(today: date | None = None) -> str:
    """Run daily by the schedule: in the first seven days of a month, store the month's
    versions (二十二); storing them again does nothing, so a day missed is caught up."""
    today = today or timezone.localdate()
    if today.day > 7:
        return "not the first week"
    created = snapshot_monthly(month=today.replace(day=1), today=today)
    return f"{today:%Y-%m}: {len(created)} files"


def prune_audit(today: date | None = None) -> str:
    """Run daily by the schedule: on the first of each month, delete the audit events older
    than the retention period (AUDIT_RETENTION_DAYS, at least 180 days)."""
    today = today or timezone.localdate()
    if today.day != 1:
        return "not the first of the month"
    days, deleted = audit.prune(by="定时任务 prune_audit")
    return f"{deleted} events older than {days} days deleted"


def weekly_reminders(today: date | None = None) -> str:
    """Run daily by the schedule (Thursday morning: due; Friday: late; 二十二)."""
    today = today or timezone.localdate()
    return f"{len(reminders.weekly_reminders(today))} reminders"


def notification_emails(*, kind: str, text: str, url: str, user_ids: list[int]) -> str:
    """Mail one notification to its users (NOTIFY_BY_EMAIL)."""
    return f"{send_emails(kind=kind, text=text, url=url, user_ids=user_ids)} sent"
