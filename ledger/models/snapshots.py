from django.db import models


class SnapshotKind(models.TextChoices):
    LEDGER = "ledger", "管理台账"
    STATISTICS = "statistics", "分类统计表"


def snapshot_path(instance, filename: str) -> str:
    return f"snapshots/{instance.month:%Y-%m}/{filename}"


class MonthlySnapshot(models.Model):
    """A month's ledger or statistics table as it was filed (二十二: keep each
    month's version). The file is never rewritten: generating a month again ("重新生成")
    marks the current version replaced and stores a new one beside it."""

    county = models.ForeignKey("ledger.County", verbose_name="区县", on_delete=models.PROTECT, related_name="+")
    month = models.DateField("月份", help_text="该月第一天")
    unit = models.ForeignKey(
        "ledger.Unit",
        verbose_name="单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="snapshots",
        help_text="空表示全县",
    )
    kind = models.CharField("报表", max_length=16, choices=SnapshotKind.choices)
    file = models.FileField("文件", upload_to=snapshot_path)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    created_by = models.ForeignKey(
        "ledger.User",
        verbose_name="生成人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="空表示按计划自动生成",
    )
    replaced_at = models.DateTimeField("被替换时间", null=True, blank=True)

    class Meta:
        verbose_name = "月度报表"
        verbose_name_plural = "月度报表"
        ordering = ["-month", "unit__kind", "unit__code", "kind", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "unit", "kind"],
                condition=models.Q(unit__isnull=False, replaced_at__isnull=True),
                name="snapshot_unique_unit",
            ),
            models.UniqueConstraint(
                fields=["county", "month", "kind"],
                condition=models.Q(unit__isnull=True, replaced_at__isnull=True),
                name="snapshot_unique_county",
            ),
            models.CheckConstraint(condition=models.Q(month__day=1), name="snapshot_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.unit or '全县'} {self.get_kind_display()}"
