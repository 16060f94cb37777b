from typing import Any

from django.conf import settings
from django.db import models

# The office's numbering of its 批复 unless it sets another: {year} and {n} are filled in.
DEFAULT_LETTER_TEMPLATE = "彭巩固专办〔{year}〕{n}号"


def default_letter_template(county: Any) -> str:
    """A county's numbering until its office sets one: the county's one-character
    abbreviation, as Pengshui's 彭巩固专办〔{year}〕{n}号 (D115)."""
    return DEFAULT_LETTER_TEMPLATE.replace("彭", county.abbr[:1] or "县", 1)


class LetterNumbering(models.Model):
    """The leading-group office's numbering of its decision letters (批复) for one year: the
    template of the 文号 and the last serial issued. The decision service locks this row to
    take the next serial; a serial once issued is never issued again."""

    county = models.ForeignKey("ledger.County", verbose_name="区县", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    template = models.CharField(
        "文号格式", max_length=64, default=DEFAULT_LETTER_TEMPLATE, help_text="{year} 为年度，{n} 为序号"
    )
    last = models.PositiveIntegerField("已用到的序号", default=0)

    class Meta:
        verbose_name = "批复文号"
        verbose_name_plural = "批复文号"
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["county", "year"], name="letter_numbering_one_per_county_year")]

    def __str__(self) -> str:
        return f"{self.year}：{self.template}（已用到{self.last}号）"


class DecisionLetter(models.Model):
    """批复 (十四): the county's decision on one unit's applications, as issued when the
    office records the decision of a meeting. Its opinions are the rows it lists; its 文号
    stays with it for good. Letters issued before the numbering have no 文号."""

    meeting = models.ForeignKey(
        "approvals.Meeting", verbose_name="县领导小组会议", on_delete=models.PROTECT, related_name="letters"
    )
    unit = models.ForeignKey("ledger.Unit", verbose_name="报送单位", on_delete=models.PROTECT, related_name="+")
    county = models.ForeignKey(
        "ledger.County", verbose_name="区县", on_delete=models.PROTECT, related_name="+", editable=False
    )
    year = models.PositiveSmallIntegerField("文号年度", null=True, blank=True, editable=False)
    serial = models.PositiveIntegerField("文号序号", null=True, blank=True, editable=False)
    number = models.CharField("文号", max_length=64, null=True, blank=True, editable=False)
    issued_at = models.DateTimeField("印发时间", editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = "批复"
        verbose_name_plural = "批复"
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["county", "number"], name="letter_number_unique_per_county"),
            models.UniqueConstraint(fields=["county", "year", "serial"], name="letter_serial_unique_per_county"),
            models.CheckConstraint(
                condition=models.Q(number__isnull=True, year__isnull=True, serial__isnull=True)
                | models.Q(number__isnull=False, year__isnull=False, serial__isnull=False),
                name="letter_numbered_fully_or_not_at_all",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.shown_number} {self.unit}"

    @property
    def shown_number(self) -> str:
        return self.number or "（未编号）"
