"""Background jobs (D86): the county's forms workbook (附件1–3), a unit's archive package
(附件6, 二十三) and a large import's commit (十一) take longer than a request may, so a view
asks for a job (`job_request`), the queue runs it (`job_run`, called by the thin task
ledger.tasks.run_job) and the job's page shows its progress and, when done, its file.

Only this module writes a job's status. The scope is checked when the job is asked for and
again when it runs, with the rights of the user who asked."""

import logging
import tempfile
from collections.abc import Callable
from datetime import timedelta
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django_q.tasks import async_task

from ledger.access import can_import, can_request_archive, jobs_for
from ledger.exports.archive import write_archive
from ledger.exports.forms import forms_fit_one_workbook, write_forms, write_forms_zip
from ledger.exports.scope import scope_for_user
from ledger.imports.engine import ImportRefused, import_commit
from ledger.models import Division, Job, JobKind, JobStatus, Unit, User
from ledger.models.imports import ImportBatch
from ledger.replica import reading_from_replica
from ledger.uploads import StoredFileMissing, open_stored

log = logging.getLogger(__name__)

# An import commit over more rows than this runs as a job; a smaller one in the request.
IMPORT_JOB_ROWS = 500
TASK = "ledger.tasks.run_job"

Progress = Callable[..., object]  # (done, total) or (done, total, note)


def job_request(
    *, kind: str, by: User, unit: Unit | None = None, params: dict[str, Any] | None = None, result_name: str = ""
) -> Job:
    """Record a job for `by` and put it on the queue. Refuses what `by` may not ask for."""
    params = params or {}
    if kind == JobKind.ARCHIVE and not can_request_archive(by, unit):
        raise PermissionDenied("只有本单位和县乡村振兴局可以下载本单位的归档资料包。")
    if kind == JobKind.IMPORT and not can_import(by):
        raise PermissionDenied("只有县乡村振兴局可以导入和推送项目。")
    job = Job.objects.create(kind=kind, requested_by=by, unit=unit, params=params, result_name=result_name[:200])
    # The job row is committed before the task is queued (views run in autocommit), so a
    # worker that picks the task at once finds it.
    async_task(TASK, job.pk, task_name=f"{kind}-{job.pk}", group=kind)
    return job


def import_runs_as_job(batch: ImportBatch) -> bool:
    """A commit over more than IMPORT_JOB_ROWS rows runs on the queue."""
    return len((batch.table or {}).get("rows", [])) > IMPORT_JOB_ROWS


def job_for(user: User, pk: int) -> Job:
    """The user's own job (Job.DoesNotExist for anyone else's)."""
    return Job.objects.select_related("unit").filter(jobs_for(user)).get(pk=pk)


def _start(job_id: int) -> Job | None:
    """Mark the job running, unless another worker has it or it has finished."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != JobStatus.QUEUED:
            return None
        job.status, job.started_at, job.message = JobStatus.RUNNING, timezone.now(), "正在处理"
        job.save(update_fields=["status", "started_at", "message"])
    return job


def _progress(job: Job) -> Progress:
    """A callback `(done, total)` that records the percentage when it moves."""
    last = [-1]

    def report(done: int, total: int, note: str = "") -> None:
        percent = min(99, done * 100 // max(total, 1))
        if percent != last[0] or note:
            last[0] = percent
            Job.objects.filter(pk=job.pk).update(progress=percent, message=(note or f"已处理 {done}/{total}")[:200])

    return report


def _finish(job: Job, *, status: str, message: str, error: str = "") -> None:
    job.status, job.message, job.error, job.finished_at = status, message[:200], error, timezone.now()
    if status == JobStatus.DONE:
        job.progress = 100
    job.save(update_fields=["status", "message", "error", "finished_at", "progress", "result", "result_name"])


def _write(job: Job, filename: str, write: Callable[[Any], str]) -> str:
    """Write the result into a temporary file on the worker (never whole in memory), then
    hand it to the storage (MEDIA_ROOT/jobs/… or the object store: D123); a failed write
    stores nothing. The reads of the export come from the replica, when there is one (D121)."""
    with tempfile.TemporaryFile() as f:
        with reading_from_replica():
            summary = write(f)
        f.seek(0)
        job.result.save(filename, File(f, name=filename), save=False)  # upload_to: job_path
    return summary


def _forms(job: Job) -> str:
    """One township's forms (or fewer, within FORMS_PER_WORKBOOK) as one workbook; more as
    a zip of one workbook per township (ledger.exports.forms.write_forms_zip, D133)."""
    township = Division.objects.filter(pk=job.params.get("township") or 0, level="township").first()
    department = Unit.objects.filter(pk=job.params.get("department") or 0).first()
    scope = scope_for_user(job.requested_by, township=township, department=department)
    report = _progress(job)
    with reading_from_replica():
        one_workbook = forms_fit_one_workbook(scope.projects)
    if one_workbook:
        return _write(job, "forms.xlsx", lambda f: f"{write_forms(f, scope.projects, progress=report)} 份申请表")
    job.result_name = f"{job.result_name.removesuffix('.xlsx')}.zip"
    return _write(job, "forms.zip", lambda f: f"{write_forms_zip(f, scope.projects, progress=report)} 份申请表")


def _archive(job: Job) -> str:
    if not can_request_archive(job.requested_by, job.unit):
        raise PermissionDenied("只有本单位和县乡村振兴局可以下载本单位的归档资料包。")
    return _write(job, "archive.zip", lambda f: f"{len(write_archive(f, job.unit, progress=_progress(job)))} 个文件")


def _import(job: Job) -> str:
    batch = ImportBatch.objects.get(pk=job.params["batch"])
    Job.objects.filter(pk=job.pk).update(progress=10, message=f"正在导入 {batch.filename}")
    preview = import_commit(batch=batch, by=job.requested_by, only_good=bool(job.params.get("only_good")))
    c = preview.counts
    return (
        f"导入完成：新增{c['add']}个，修改{c['change']}个，无变化{c['same']}个，"
        f"拒绝{c['refused']}行，跳过{c['skipped']}行。"
    )


RUNNERS: dict[str, Callable[[Job], str]] = {
    JobKind.FORMS: _forms,
    JobKind.ARCHIVE: _archive,
    JobKind.IMPORT: _import,
}


def job_run(*, job_id: int) -> Job | None:
    """Run a queued job to its end: done with its file and a summary, or failed with a
    Chinese message. A job already started or finished is left alone (returns None)."""
    job = _start(job_id)
    if job is None:
        return None
    try:
        summary = RUNNERS[job.kind](job)
    except (PermissionDenied, ImportRefused) as e:
        _finish(job, status=JobStatus.FAILED, message="未完成", error=str(e) or "无权执行该任务。")
    except ValidationError as e:
        _finish(job, status=JobStatus.FAILED, message="未完成", error="；".join(e.messages))
    except Exception:
        log.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, status=JobStatus.FAILED, message="未完成", error="处理时出错，请稍后重试或联系系统管理员。")
    else:
        _finish(job, status=JobStatus.DONE, message=summary)
    return job


def job_file(job: Job) -> IO[bytes] | None:
    """The result opened from the storage, when the job is done and its file is there."""
    if job.status != JobStatus.DONE or not job.result:
        return None
    try:
        return open_stored(job.result)
    except StoredFileMissing:
        return None


def job_has_file(job: Job) -> bool:
    return job.status == JobStatus.DONE and bool(job.result) and job.result.storage.exists(job.result.name)


def jobs_expire(*, now: Any = None) -> int:
    """Delete the files of the jobs finished more than JOB_FILE_DAYS days ago (run daily by
    the schedule); each job's row stays, marked expired, and its page asks for a new one."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.JOB_FILE_DAYS)
    expired = 0
    for job in Job.objects.filter(status=JobStatus.DONE, finished_at__lt=cutoff).iterator():
        if job.result:
            job.result.delete(save=False)
        job.status, job.message = JobStatus.EXPIRED, "文件已过期"
        job.save(update_fields=["status", "message", "result"])
        expired += 1
    return expired
