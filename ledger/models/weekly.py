"""The weekly dispatch (周调度, 二十二): one report per unit per week."""

from django.conf import settings
from django.db import models


class WeeklyReport(models.Model):
    """A unit's report for the week starting `week_start` (a Monday). `figures` keeps the
    computed items 1–3 exactly as they stood when the unit submitted; an amendment before the
    deadline replaces them and item 4, each submission kept as a WeeklyReportVersion."""

    unit = models.ForeignKey(
        "ledger.Unit", verbose_name="报送单位", on_delete=models.PROTECT, related_name="weekly_reports"
    )
    week_start = models.DateField("周一日期")
    figures = models.JSONField("报送时数据", default=dict)
    other_progress = models.TextField("其他进展情况", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("报送时间")  # of the latest version

    class Meta:
        verbose_name = "周调度报告"
        verbose_name_plural = "周调度报告"
        ordering = ["-week_start", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["unit", "week_start"], name="weekly_report_one_per_unit_week")]

    def __str__(self) -> str:
        return f"{self.unit} {self.week_start}"


class WeeklyReportVersion(models.Model):
    """Each submission of a unit's weekly report, in full: the first and every amendment made
    before the Thursday deadline (二十二). The report itself holds the latest."""

    report = models.ForeignKey(
        WeeklyReport, verbose_name="周调度报告", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField("版次")
    figures = models.JSONField("报送时数据", default=dict)
    other_progress = models.TextField("其他进展情况", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("报送时间")

    class Meta:
        verbose_name = "周调度报告版本"
        verbose_name_plural = "周调度报告版本"
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="weekly_version_one_number")]

    def __str__(self) -> str:
        return f"{self.report} 第{self.number}版"


class WeeklyReminder(models.Model):
    """A reminder sent by the county to a unit that had not submitted the week's report
    (二十二: 每周四16:00前报送). One row per unit each time the county presses "提醒"."""

    unit = models.ForeignKey(
        "ledger.Unit", verbose_name="被提醒单位", on_delete=models.PROTECT, related_name="weekly_reminders"
    )
    week_start = models.DateField("周一日期")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提醒人", on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField("提醒时间")

    class Meta:
        verbose_name = "周调度提醒"
        verbose_name_plural = "周调度提醒"
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["week_start", "unit"], name="weekly_reminder_week_unit")]

    def __str__(self) -> str:
        return f"{self.unit} {self.week_start} {self.sent_at:%Y-%m-%d %H:%M}"
