from django.db import models

from ledger.choices import DivisionLevel, UnitKind


def county_short_name(name: str) -> str:
    """The name as titles write it: 彭水苗族土家族自治县 → 彭水自治县; a district or a
    county without an autonomous name keeps its name (涪陵区, 忠县)."""
    if name.endswith("自治县") and len(name) > 5:
        return name[:2] + "自治县"
    return name


class County(models.Model):
    """A district or county (区县) of Chongqing: a tenant of the system. It owns its
    divisions, units, users, rounds, document numbering and data (docs/decisions.md, D113)."""

    code = models.CharField("区县代码", max_length=6, unique=True)
    name = models.CharField("名称", max_length=64)
    short_name = models.CharField("简称", max_length=32, help_text="标题中的写法，如“彭水自治县”")
    abbr = models.CharField("简写", max_length=8, help_text="导航栏的写法，如“彭水”")
    # The county's own implementing plan (实施方案): the default policy basis of its rounds.
    plan_title = models.CharField("实施方案标题", max_length=300, blank=True, help_text="不含书名号")
    plan_number = models.CharField("实施方案文号", max_length=64, blank=True)

    class Meta:
        verbose_name = "区县"
        verbose_name_plural = "区县"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(name="county_code_six_digits", condition=models.Q(code__regex=r"^[0-9]{6}$")),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def system_name(self) -> str:
        return f"{self.short_name}经营性帮扶产业项目“四个一批”管理系统"


class Division(models.Model):
    """A township or village of a county, with its statistical division code."""

    county = models.ForeignKey(County, verbose_name="区县", on_delete=models.PROTECT, related_name="divisions")
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
    committee, an industry department, the county bureau, the leading-group office, a
    supervising department (finance, audit, discipline inspection), or the municipal office
    (市级, the only kind with no county)."""

    county = models.ForeignKey(
        County, verbose_name="区县", null=True, blank=True, on_delete=models.PROTECT, related_name="units"
    )
    code = models.CharField("单位代码", max_length=32)
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
            models.CheckConstraint(
                name="unit_county_unless_municipal",
                condition=models.Q(kind="municipal", county__isnull=True)
                | (~models.Q(kind="municipal") & models.Q(county__isnull=False)),
            ),
            models.UniqueConstraint(fields=["county", "code"], name="unit_code_unique_per_county"),
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(county__isnull=True), name="unit_code_unique_municipal"
            ),
        ]

    def __str__(self) -> str:
        return self.name
