from django.conf import settings
from django.db import models

from ledger.models.history import AuditedHistory


class Holiday(models.Model):
    """An administrator's entry in the working-day calendar: it overrides the installed
    official calendar for that date and covers years the package does not know yet."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否工作日", help_text="勾选表示调休上班的工作日；不勾选表示放假")
    note = models.CharField("说明", max_length=100, blank=True)

    history = AuditedHistory()

    class Meta:
        verbose_name = "节假日调整"
        verbose_name_plural = "节假日调整"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'上班' if self.is_workday else '放假'} {self.note}"


class HolidayYear(models.Model):
    """Whether a year's whole schedule (its holidays and make-up working days, as the State
    Council publishes them) is in the Holiday table. A year the installed calendar package
    does not cover is known only once it is marked complete (approvals.calendar; D9)."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    complete = models.BooleanField(
        "已完整录入", default=False, help_text="该年度全部放假日期和调休上班日期均已录入后勾选"
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    completed_at = models.DateTimeField("确认时间", null=True, blank=True)

    history = AuditedHistory()

    class Meta:
        verbose_name = "节假日年度"
        verbose_name_plural = "节假日年度"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年{'（已完整录入）' if self.complete else '（未完整录入）'}"


class Round(models.Model):
    """A year's campaign and its deadlines (时间安排, 十六–二十)."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    name = models.CharField("名称", max_length=100)
    plan_by = models.DateField("制定方案", null=True, blank=True)
    mobilise_by = models.DateField("动员部署", null=True, blank=True)
    submit_by = models.DateField("调研分类并报送申请表", null=True, blank=True)
    approve_by = models.DateField("县领导小组审定", null=True, blank=True)
    disposal_from = models.DateField("开始处置", null=True, blank=True)
    first_results_by = models.DateField("初见成效", null=True, blank=True)
    report_by = models.DateField("正式报告", null=True, blank=True)

    class Meta:
        verbose_name = "工作轮次"
        verbose_name_plural = "工作轮次"
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.name
