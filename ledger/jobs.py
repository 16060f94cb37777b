"""Background jobs (D86): the county's forms workbook (附件1–3), a unit's archive package
(附件6, 二十三) and a large import's commit (十一) take longer than a request may, so a view
asks for a job (`job_request`), the queue runs it (`job_run`, called by the thin task
ledger.tasks.run_job) and the job's page shows its progress and, when done, its file.

Only this module writes a job's status. The scope is checked when the job is asked for and
again when it runs, with the rights of the user who asked."""

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
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
from ledger.models.jobs import job_path

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


def _result_file(job: Job, filename: str) -> tuple[str, Path]:
    """The storage name and the path on disk of the job's result (MEDIA_ROOT/jobs/…)."""
    name = job_path(job, filename)
    path = Path(default_storage.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    return name, path


def _write(job: Job, filename: str, write: Callable[[Any], str]) -> str:
    """Write the result straight into its file (never whole in memory); a failed write
    leaves no file."""
    name, path = _result_file(job, filename)
    try:
        with open(path, "wb") as f:
            summary = write(f)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    job.result.name = name
    return summary


def _forms(job: Job) -> str:
    """One township's forms (or fewer, within FORMS_PER_WORKBOOK) as one workbook; more as
    a zip of one workbook per township (ledger.exports.forms.write_forms_zip, D113x)."""
    township = Division.objects.filter(pk=job.params.get("township") or 0, level="township").first()
    department = Unit.objects.filter(pk=job.params.get("department") or 0).first()
    scope = scope_for_user(job.requested_by, township=township, department=department)
    report = _progress(job)
    if forms_fit_one_workbook(scope.projects):
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


def job_file_path(job: Job) -> str | None:
    """The result's path on disk, when the job is done and its file is there."""
    if job.status != JobStatus.DONE or not job.result:
        return None
    path = job.result.path
    return path if os.path.exists(path) else None
