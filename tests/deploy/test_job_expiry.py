"""Old job files are deleted by the daily schedule (JOB_FILE_DAYS); the job's row stays,
marked expired, and its page says the file has expired and is to be generated again."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule

from ledger.models import Job, JobKind, JobStatus
from ledger.tasks import expire_job_files
from pengshui.management.commands.setup_schedules import setup_schedules


def done_job(user, *, days_ago: float) -> Job:
    job = Job.objects.create(
        kind=JobKind.FORMS, requested_by=user, status=JobStatus.DONE, result_name="申请表.xlsx", message="1 份申请表"
    )
    job.result.save("forms.xlsx", ContentFile(b"PK\x03\x04 workbook"), save=False)
    job.finished_at = timezone.now() - dt.timedelta(days=days_ago)
    job.save()
    return job


@pytest.mark.django_db
def test_files_older_than_the_setting_are_deleted_and_the_rows_kept(personas, settings, job_media):
    settings.JOB_FILE_DAYS = 7
    old = done_job(personas["alice"], days_ago=7.5)
    fresh = done_job(personas["alice"], days_ago=6)
    old_name = old.result.name
    failed = Job.objects.create(kind=JobKind.FORMS, requested_by=personas["alice"], status=JobStatus.FAILED)
    Job.objects.filter(pk=failed.pk).update(finished_at=timezone.now() - dt.timedelta(days=30))

    assert expire_job_files() == "1 job files expired"

    old.refresh_from_db()
    fresh.refresh_from_db()
    failed.refresh_from_db()
    assert old.status == JobStatus.EXPIRED and not old.result and not default_storage.exists(old_name)
    assert fresh.status == JobStatus.DONE and default_storage.exists(fresh.result.name)
    assert failed.status == JobStatus.FAILED
    assert expire_job_files() == "0 job files expired"  # nothing twice


@pytest.mark.django_db
def test_the_expired_jobs_page_asks_for_a_new_one_and_the_download_is_gone(client, personas, settings, job_media):
    settings.JOB_FILE_DAYS = 1
    job = done_job(personas["alice"], days_ago=2)
    expire_job_files()
    client.force_login(personas["alice"])
    page = client.get(reverse("job_detail", args=[job.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "文件已过期，请重新生成" in text and 'id="job-download"' not in text
    assert '<meta http-equiv="refresh"' not in text  # finished: the page does not keep refreshing
    assert client.get(reverse("job_download", args=[job.pk])).status_code == 404
    listing = client.get(reverse("job_list")).content.decode()
    assert "已过期" in listing


@pytest.mark.django_db
def test_the_schedule_is_registered_daily():
    setup_schedules()
    schedule = Schedule.objects.get(name="expire_job_files")
    assert schedule.func == "ledger.tasks.expire_job_files" and schedule.schedule_type == Schedule.DAILY
    assert schedule.repeats == -1
