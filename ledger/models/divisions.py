from django.db import models

from ledger.choices import DivisionLevel, UnitKind


class Division(models.Model):
    """A township or village of the county, with its statistical division code."""

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=64)
    level = models.CharField("层级", max_length=16, choices=DivisionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name="所属乡镇(街道)", null=True, blank=True, on_delete=models.PROTECT, related_name="villages"
    )

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="division_village_has_parent",
                condition=models.Q(level="township", parent__isnull=True)
                | models.Q(level="village", parent__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def short_name(self) -> str:
        """The name as clerks write it: 保兴村 for 保兴村村民委员会, 青坪社区 for 青坪社区居民委员会."""
        return short_village_name(self.name)


def short_village_name(name: str) -> str:
    for suffix in ("村民委员会", "居民委员会", "村委会", "居委会"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


class Unit(models.Model):
    """An organisation whose staff use the system: a township government, a village
    committee, an industry department, the county bureau, the leading-group office, or a
    supervising department (finance, audit, discipline inspection)."""

    code = models.CharField("单位代码", max_length=32, unique=True)
    name = models.CharField("单位名称", max_length=64)
    kind = models.CharField("单位类别", max_length=16, choices=UnitKind.choices)
    division = models.OneToOneField(
        Division, verbose_name="对应区划", null=True, blank=True, on_delete=models.PROTECT, related_name="unit"
    )
    active = models.BooleanField("启用", default=True)
    # 二: the ledger is filed with 县乡村振兴局 and 县农业农村委. A department that is a filing
    # body reads the whole county's ledger, statistics and monthly versions (ledger.access).
    is_filing_body = models.BooleanField(
        "备案单位", default=False, help_text="台账报其备案的单位（二）：可查阅全县台账、统计表和月度版本"
    )

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["kind", "code"]
        constraints = [
            models.CheckConstraint(
                name="unit_division_matches_kind",
                condition=models.Q(kind__in=["township", "village"], division__isnull=False)
                | (~models.Q(kind__in=["township", "village"]) & models.Q(division__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return self.name
