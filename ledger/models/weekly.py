"""The weekly dispatch (周调度, 二十二): one report per unit per week."""

from django.conf import settings
from django.db import models


class WeeklyReport(models.Model):
    """A unit's report for the week starting `week_start` (a Monday). `figures` keeps the
    computed items 1–3 exactly as they stood when the unit submitted."""

    unit = models.ForeignKey(
        "ledger.Unit", verbose_name="报送单位", on_delete=models.PROTECT, related_name="weekly_reports"
    )
    week_start = models.DateField("周一日期")
    figures = models.JSONField("报送时数据", default=dict)
    other_progress = models.TextField("其他进展情况", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("报送时间")

    class Meta:
        verbose_name = "周调度报告"
        verbose_name_plural = "周调度报告"
        ordering = ["-week_start", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["unit", "week_start"], name="weekly_report_one_per_unit_week")]

    def __str__(self) -> str:
        return f"{self.unit} {self.week_start}"
