from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models


class Progress(models.Model):
    """A progress update on the approved measures (处置整改进展)."""

    application = models.ForeignKey(
        "approvals.Application", verbose_name="申请", on_delete=models.CASCADE, related_name="progress"
    )
    date = models.DateField("日期")
    text = models.TextField("进展情况")
    percent = models.PositiveSmallIntegerField("完成比例(%)", validators=[MaxValueValidator(100)])
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("填报时间", auto_now_add=True)

    class Meta:
        verbose_name = "处置进展"
        verbose_name_plural = "处置进展"
        ordering = ["-date", "-pk"]
        constraints = [models.CheckConstraint(name="progress_percent_0_100", condition=models.Q(percent__lte=100))]

    def __str__(self) -> str:
        return f"{self.application}：{self.date:%Y-%m-%d} 进展 {self.percent}%"
