from typing import Any

from django.conf import settings
from django.db import models

from ledger.models.history import AuditedHistory

# The notice the 2023 round was run under (its title as printed, and its number); a later
# year's round may cite a later notice instead.
NOTICE_2023_TITLE = (
    "中共彭水苗族土家族自治县委农村工作暨实施乡村振兴战略领导小组巩固拓展脱贫攻坚成果工作专班办公室"
    "关于进一步做好经营性帮扶产业项目“四个一批”的实施方案"
)
NOTICE_2023_NUMBER = "彭巩固专办发〔2023〕3号"


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
    """A year's campaign: its deadlines (时间安排, 十六–二十; the formal report, 二十三) and
    the notice it is run under (its policy basis, cited by the printed 公告). Applications
    belong to the round of the year they are started in (approvals.services.rounds)."""

    county = models.ForeignKey("ledger.County", verbose_name="区县", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("名称", max_length=100)
    plan_by = models.DateField("制定方案", null=True, blank=True)
    mobilise_by = models.DateField("动员部署", null=True, blank=True)
    submit_by = models.DateField("调研分类并报送申请表", null=True, blank=True)
    approve_by = models.DateField("县领导小组审定", null=True, blank=True)
    disposal_from = models.DateField("开始处置", null=True, blank=True)
    first_results_by = models.DateField("初见成效", null=True, blank=True)
    report_by = models.DateField("正式报告", null=True, blank=True)
    policy_title = models.CharField(
        "依据文件标题", max_length=300, default=NOTICE_2023_TITLE, help_text="不含书名号，如“……的实施方案”"
    )
    policy_number = models.CharField("依据文件文号", max_length=64, default=NOTICE_2023_NUMBER)

    history = AuditedHistory()
    _history_user: Any  # who makes the next save, for its history row

    class Meta:
        verbose_name = "工作轮次"
        verbose_name_plural = "工作轮次"
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["county", "year"], name="round_one_per_county_year")]

    def __str__(self) -> str:
        return self.name

    @property
    def policy_basis(self) -> str:
        """The notice as cited: 《title》（number）."""
        return f"《{self.policy_title}》（{self.policy_number}）"
