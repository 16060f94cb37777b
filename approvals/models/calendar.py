from django.db import models


class Holiday(models.Model):
    """An administrator's entry in the working-day calendar: it overrides the installed
    official calendar for that date and covers years the package does not know yet."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否工作日", help_text="勾选表示调休上班的工作日；不勾选表示放假")
    note = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        verbose_name = "节假日调整"
        verbose_name_plural = "节假日调整"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'上班' if self.is_workday else '放假'} {self.note}"


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
