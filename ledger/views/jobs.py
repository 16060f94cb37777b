"""A background job's page (its progress, refreshed by the page itself while it runs) and
its file. Only the user who asked sees either (access.jobs_for)."""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ledger.http import AuthenticatedRequest
from ledger.jobs import job_file, job_for, job_has_file
from ledger.models import Job

# The content type of a job's file, by its suffix (the forms come as one workbook or a zip).
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}


def _job(request: AuthenticatedRequest, pk: int) -> Job:
    try:
        return job_for(request.user, pk)
    except Job.DoesNotExist:
        raise Http404("没有该后台任务。") from None


@require_GET
def job_list(request: AuthenticatedRequest) -> HttpResponse:
    jobs = Job.objects.filter(requested_by=request.user).select_related("unit")[:50]
    return render(request, "ledger/jobs/list.html", {"jobs": jobs})


@require_GET
def job_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    return render(request, "ledger/jobs/detail.html", {"job": job, "has_file": job_has_file(job)})


@require_GET
def job_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    job = _job(request, pk)
    handle = job_file(job)
    if handle is None:
        raise Http404("该任务没有可下载的文件。")
    return FileResponse(
        handle,
        as_attachment=True,
        filename=job.result_name or job.result.name.rsplit("/", 1)[-1],
        content_type=CONTENT_TYPES.get(job.result.name.rsplit(".", 1)[-1], "application/octet-stream"),
    )
