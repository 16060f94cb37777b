"""Background jobs: work too long for a request (the county's forms workbook, a unit's
archive package, a large import's commit), run on the queue (D86). A job is created and run
by the services in ledger/jobs.py; its page shows its progress and, when done, its file."""

from django.conf import settings
from django.db import models


class JobKind(models.TextChoices):
    FORMS = "forms", "申请表（附件1–3）"
    ARCHIVE = "archive", "归档资料包（附件6）"
    IMPORT = "import", "导入项目"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "进行中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"
    EXPIRED = "expired", "已过期"  # done, and its file deleted after JOB_FILE_DAYS days


def job_path(instance: "Job", filename: str) -> str:
    return f"jobs/{instance.created_at:%Y/%m}/{instance.pk}_{filename}"


class Job(models.Model):
    """One piece of background work, for the user who asked and within the unit scope it was
    asked in (`unit`; empty: the whole county). Only ledger.jobs writes its status."""

    kind = models.CharField("任务", max_length=16, choices=JobKind.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="jobs"
    )
    unit = models.ForeignKey(
        "ledger.Unit",
        verbose_name="单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="空表示全县",
    )
    params = models.JSONField("参数", default=dict, blank=True)
    status = models.CharField("状态", max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    message = models.CharField("进度说明", max_length=200, blank=True)
    result = models.FileField("结果文件", upload_to=job_path, blank=True, max_length=300)
    result_name = models.CharField("下载文件名", max_length=200, blank=True)
    error = models.TextField("错误信息", blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="job_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED, JobStatus.EXPIRED)
