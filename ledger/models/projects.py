import operator
from decimal import Decimal
from functools import reduce
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F

from ledger.choices import (
    CONSOLIDATE_CONDITIONS,
    FORM_VARIANT,
    FUND_PARTS,
    INVESTMENT_FIELDS,
    LINKAGE_REASONS,
    MONEY_FIELDS,
    PRODUCTION_REASONS,
    REBUILD_DEFECTS,
    RECORDED_PROBLEMS,
    UPGRADE_DEFECTS,
    Classification,
    FunctionalState,
    IndustryType,
    Linkage,
    ManagingLevel,
    OperationMode,
    ProductionStatus,
    UseState,
)
from ledger.classification import CLASS_CHECK_NAMES, FACT_NAMES, failing_classes
from ledger.models.checks import validate_constraints
from ledger.models.divisions import Division, short_village_name
from ledger.models.history import AuditedHistory

phone_validator = RegexValidator(
    r"^(1\d{10}|0\d{2,3}-\d{7,8})$",
    "请填写11位手机号码（如13912345678）或带区号的固定电话（如023-78441234）。",
)
MIN_YEAR, MAX_YEAR = 2000, 2099


def money(label: str):
    return models.DecimalField(
        label, max_digits=14, decimal_places=2, default=Decimal("0.00"), validators=[MinValueValidator(Decimal("0"))]
    )


def flag(label: str):
    return models.BooleanField(label, default=False)


class Project(models.Model):
    """An operating assistance industry project and the facts of its application form
    (附件1–3). Amounts are in yuan with fen."""

    # The county the project belongs to: its township's, set on save (D113); every
    # county-wide scope filters on it.
    county = models.ForeignKey(
        "ledger.County", verbose_name="区县", on_delete=models.PROTECT, related_name="projects", editable=False
    )
    # 2.1 profile
    name = models.CharField("项目名称", max_length=200)
    number = models.CharField("项目编号", max_length=64, help_text="全国防返贫监测系统中的项目编号，全县唯一")
    township = models.ForeignKey(
        "ledger.Division",
        verbose_name="镇(乡)",
        on_delete=models.PROTECT,
        related_name="township_projects",
        limit_choices_to={"level": "township"},
    )
    village = models.ForeignKey(
        "ledger.Division",
        verbose_name="村(居)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="village_projects",
        limit_choices_to={"level": "village"},
    )
    year = models.PositiveSmallIntegerField(
        "实施年度", validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    managing_level = models.CharField("主管层级", max_length=16, choices=ManagingLevel.choices)
    managing_unit = models.ForeignKey(
        "ledger.Unit", verbose_name="主管单位", on_delete=models.PROTECT, related_name="managed_projects"
    )
    responsible_unit = models.CharField("责任单位", max_length=100)
    responsible_person = models.CharField("责任人", max_length=50)
    responsible_phone = models.CharField("联系电话", max_length=20, validators=[phone_validator])
    industry_type = models.CharField("产业类型", max_length=16, choices=IndustryType.choices)
    construction_content = models.TextField("建设内容", blank=True)

    # 2.2 investment (元)
    fund1_central = money("衔接资金·中央资金")
    fund1_municipal = money("衔接资金·市级资金")
    fund1_county = money("衔接资金·区县资金")
    fund2_central = money("整合涉农资金·中央资金")
    fund2_municipal = money("整合涉农资金·市级资金")
    fund2_county = money("整合涉农资金·区县资金")
    fund3_central = money("行业帮扶资金·中央资金")
    fund3_municipal = money("行业帮扶资金·市级资金")
    fund3_county = money("行业帮扶资金·区县资金")
    fund4_social = money("社会扶贫(帮扶)资金")

    # 2.3 present value (元)
    pv_cash = money("货币资金结余")
    pv_receivable = money("待收待返资金")
    pv_assets = money("资产估值")
    pv_other = money("其他现值")

    # 2.4 operation and status
    operation_mode = models.CharField("运营模式", max_length=16, choices=OperationMode.choices)
    functional_state = models.CharField("功能现状", max_length=16, choices=FunctionalState.choices, blank=True)
    use_state = models.CharField("使用现状", max_length=16, choices=UseState.choices, blank=True)
    production_status = models.CharField("生产经营", max_length=16, choices=ProductionStatus.choices, blank=True)
    reason_industry_choice = flag("产业选择不准")
    reason_facilities = flag("配套设施原因")
    reason_funds = flag("资金短缺")
    reason_management = flag("管理不善")
    reason_labour = flag("用工短缺")
    reason_materials = flag("原材料供应困难")
    reason_technology = flag("技术原因")
    reason_price = flag("产品价格波动")
    reason_disaster = flag("自然灾害")
    reason_other = flag("其他原因")
    linkage = models.CharField("联农带农情况", max_length=16, choices=Linkage.choices, blank=True)
    linkage_no_production = flag("未按约定有效带动农户发展生产")
    linkage_no_jobs = flag("未按约定吸纳农村劳动力稳定就业")
    linkage_no_income = flag("未按约定及时足额分配资产收益")
    problem_loss = flag("亏损")
    problem_partner_uncertain = flag("合作主体持续经营存在重大不确定性")
    problem_dividend_short = flag("未足额分红")
    problem_principal_unreturned = flag("到期未全额返还本金")

    # 2.5/2.6 classification
    # the five conditions of 巩固 (三), recorded like the defects of 提升 and 重建
    consolidate_momentum = flag("发展势头较好")
    consolidate_chain = flag("产业链条完备")
    consolidate_sales = flag("产销衔接顺畅")
    consolidate_competitive = flag("产品竞争力强")
    consolidate_risk = flag("防范化解风险机制健全")
    upgrade_chain_gap = flag("产业链条存在明显短板弱项")
    upgrade_low_value_added = flag("加工转化能力弱，产品附加值低")
    upgrade_single_marketing = flag("营销手段单一，产品品牌价值不高")
    upgrade_weak_technology = flag("科技支撑能力弱，产业竞争能力不强")
    rebuild_external_failure = flag("因市场、政策重大变化或地理条件、气候环境因素导致产业失败")
    rebuild_cannot_continue = flag("帮扶产业项目无法继续发展，无法发挥联农带农作用")
    rebuild_management_broken = flag("资金、项目、资产管理已经无法正常运行")
    # The class in force and its measures: what the county decided (十四). They change only
    # through ledger.services.project_take_effect, never on the form, in the admin or by an
    # import of a project already here; what a unit proposes is kept apart below.
    classification = models.CharField(
        "“四个一批”认定", max_length=16, choices=Classification.choices, blank=True, editable=False
    )
    measures = models.TextField("处置措施", blank=True, editable=False)
    proposed_classification = models.CharField("拟认定类别", max_length=16, choices=Classification.choices, blank=True)
    proposed_measures = models.TextField("拟处置措施", blank=True)
    # 盘活 (五): "给予一定资金和政策支持后可以盘活" - the support the project needs, stated
    # by the unit; required while 盘活 is the proposed class.
    revitalise_support = models.TextField(
        "盘活所需资金和政策支持",
        blank=True,
        help_text="拟认定为盘活的，写明盘活所需的资金（来源、金额）和政策支持。",
    )
    remarks = models.TextField("备注", blank=True)
    # Set by an import of a management ledger (附件5), which records a project's class but
    # not the upgrade or rebuild defects that class rests on: the class stands as the ledger
    # gives it until the unit ticks the defects on the form (its next save must pass the
    # classification test) or a new decision takes effect.
    class_conditions_pending = models.BooleanField("分类条件待补录", default=False, editable=False)
    # Set only by ledger.services.project_exit, when an exit decision takes effect (二, 基本原则).
    exited_on = models.DateField("退出日期", null=True, blank=True, editable=False)
    # Column 27 of an imported ledger, kept as written; the ledger export shows it while the
    # `ledger_progress` extension point gives no disposal progress of its own.
    ledger_progress = models.TextField("处置整改进展情况（台账记载）", blank=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填报人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    # Kept for the project list at any size (D125): the township's division code, copied by
    # save() so the list's default order (township, then number) is one index; and the total
    # investment, computed by the database itself on every write (a bulk update included),
    # so sorting by it is an index too.
    township_code = models.CharField("镇(乡)区划代码", max_length=12, editable=False, default="")
    investment = models.GeneratedField(
        expression=cast(models.Expression, reduce(operator.add, (F(f) for f in INVESTMENT_FIELDS))),
        output_field=models.DecimalField("投资规模(元)", max_digits=16, decimal_places=2),
        db_persist=True,
    )

    # How many of its classes (in force, proposed) the classification test no longer allows
    # (ledger.classification.failing_classes), kept by every save and bulk write like the
    # list's keys: the watch counts and finds them through a small partial index (D137).
    class_faults = models.PositiveSmallIntegerField("分类不符数", default=0, editable=False)

    history = AuditedHistory(excluded_fields=["updated_at", "township_code", "investment", "class_faults"])
    # Read by django-simple-history when the row is saved: who made the change and why.
    _history_user: Any
    _change_reason: str

    class Meta:
        verbose_name = "项目"
        verbose_name_plural = "项目"
        ordering = ["township_code", "number"]
        # At merge with the county's tenancy the two list indexes lead with `county`.
        indexes = [
            # each county's list reads its page's ids from the index alone
            # (ledger.tables.CountedPaginator), in the list's order or by investment
            models.Index(fields=["county", "township_code", "number", "id"], name="project_list_order"),
            models.Index(fields=["county", "investment", "number", "id"], name="project_investment_order"),
            # every column ledger.selectors.breakdown reads: its GROUP BY is an index-only scan
            models.Index(
                fields=[
                    "county",
                    "township",
                    "classification",
                    "production_status",
                    "proposed_classification",
                    "functional_state",
                    "use_state",
                    "linkage",
                ],
                name="project_breakdown",
            ),
            # the few projects whose class the facts no longer allow (the data-quality watch)
            models.Index(
                fields=["county", "class_faults"],
                name="project_class_faults",
                condition=models.Q(class_faults__gt=0, exited_on__isnull=True),
            ),
            # the projects recorded as not paying their asset income (the watch too)
            models.Index(
                fields=["county", "number"],
                name="project_income_unpaid",
                condition=(models.Q(linkage_no_income=True) | models.Q(problem_dividend_short=True))
                & models.Q(exited_on__isnull=True),
            ),
            models.Index(fields=["managing_unit"]),
            models.Index(fields=["classification"]),
            models.Index(fields=["production_status"]),
        ]
        constraints = [
            *[
                models.CheckConstraint(name=f"project_{f}_not_negative", condition=models.Q(**{f"{f}__gte": 0}))
                for f in MONEY_FIELDS
            ],
            models.CheckConstraint(
                name="project_year_in_range", condition=models.Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR)
            ),
            models.CheckConstraint(name="project_number_not_blank", condition=~models.Q(number="")),
            # 全县唯一: the number is unique within its county.
            models.UniqueConstraint(fields=["county", "number"], name="project_number_unique_per_county"),
            # Reasons are recorded exactly when the status asks for them (附件1–3).
            models.CheckConstraint(
                name="project_normal_has_no_reasons",
                condition=~models.Q(production_status="normal") | models.Q(**{f: False for f, _ in PRODUCTION_REASONS}),
            ),
            models.CheckConstraint(
                name="project_full_linkage_has_no_reasons",
                condition=~models.Q(linkage="full") | models.Q(**{f: False for f, _ in LINKAGE_REASONS}),
            ),
            models.CheckConstraint(
                name="project_village_level_has_village",
                condition=~models.Q(managing_level="village") | models.Q(village__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """The county is the township's: taken from the township when it is loaded, and
        read once when the project has none yet."""
        if self.township_id is not None:
            township = self._state.fields_cache.get("township")
            if township is not None and township.pk == self.township_id:
                self.county_id = township.county_id
            elif self.county_id is None:
                self.county_id = Division.objects.values_list("county_id", flat=True).get(pk=self.township_id)
        # every save path (the services, the imports, the admin) keeps the list's sort key
        self.township_code = self.township.code if self.township_id else ""
        self.class_faults = len(failing_classes(self))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            derived = {"township_code", "county"} if "township" in update_fields else set()
            if CLASS_INPUTS.intersection(update_fields):
                derived.add("class_faults")
            if derived:
                kwargs["update_fields"] = {*update_fields, *derived}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """The township, the village and the managing unit are all of one county, the
        project's."""
        super().clean()
        found = places_county(*(getattr(self, name, None) for name in PLACES))
        if found is not None:
            self.county_id = found

    def validate_constraints(self, exclude: Any = None) -> None:
        """The check constraints evaluated in Python, not by a query each (ledger.models.checks)."""
        validate_constraints(self, exclude)

    def validate_unique(self, exclude: Any = None) -> None:
        """全县唯一: the number is unique within the county, checked whether or not the form
        shows the county (it never does)."""
        super().validate_unique(exclude=exclude)
        if self.county_id is not None and self.number:
            taken = Project.objects.filter(county_id=self.county_id, number=self.number).exclude(pk=self.pk)
            if taken.exists():
                raise ValidationError({"number": "已有同一项目编号的项目，不能重复。"})

    def record_change(self, *, by: Any, reason: str) -> None:
        """Name who makes the next save and why, for its history row."""
        self._history_user = by
        self._change_reason = reason

    # ---- derived values -------------------------------------------------------------
    def fund_total(self, fund: str) -> Decimal:
        return sum((getattr(self, f) for f in FUND_PARTS[fund][1]), Decimal("0.00"))

    @property
    def special_funds(self) -> Decimal:
        """专项资金 of the ledger (附件5): fund 1 (衔接资金)."""
        return self.fund_total("fund1")

    @property
    def other_funds(self) -> Decimal:
        """其他资金 of the ledger (附件5): funds 2, 3 and 4."""
        return sum((self.fund_total(f) for f in FUND_PARTS if f != "fund1"), Decimal(0))

    @property
    def investment_total(self) -> Decimal:
        return sum((getattr(self, f) for f in INVESTMENT_FIELDS), Decimal("0.00"))

    @property
    def form_variant(self) -> str:
        return FORM_VARIANT[ManagingLevel(self.managing_level)]

    @property
    def location(self) -> str:
        return project_location(self.township.name, self.village.name if self.village is not None else "")

    def chosen(self, pairs) -> list[str]:
        """Labels of the boolean facts of `pairs` (e.g. PRODUCTION_REASONS) that are set."""
        return [label for field, label in pairs if getattr(self, field)]

    @property
    def surveyed(self) -> bool:
        """Whether a unit has recorded the project's state, use, production and linkage
        (十二): a project created by an import or a push has none until it is surveyed."""
        return all(getattr(self, f) for f in SURVEY_FIELDS)

    @property
    def production_reasons(self) -> list[str]:
        return self.chosen(PRODUCTION_REASONS)

    @property
    def linkage_reasons(self) -> list[str]:
        return self.chosen(LINKAGE_REASONS)

    @property
    def upgrade_defects(self) -> list[str]:
        return self.chosen(UPGRADE_DEFECTS)

    @property
    def consolidate_conditions(self) -> list[str]:
        return self.chosen(CONSOLIDATE_CONDITIONS)

    @property
    def rebuild_defects(self) -> list[str]:
        return self.chosen(REBUILD_DEFECTS)

    @property
    def recorded_problems(self) -> list[str]:
        return self.chosen(RECORDED_PROBLEMS)


def project_location(township: str, village: str) -> str:
    """项目地点 as the ledger writes it: the township's name and the village's short name
    (the names of the project's township and village, the village's "" for none)."""
    return f"{township}{short_village_name(village) if village else ''}"


# The facts only a survey records (十二); a project without them counts in no rate.
SURVEY_FIELDS = ("functional_state", "use_state", "production_status", "linkage")
SURVEYED = models.Q(**{f"{f}__gt": "" for f in SURVEY_FIELDS})


def project_field(name: str) -> "models.Field[Any, Any]":
    """A concrete field of Project by name (never a relation's reverse side)."""
    field = Project._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise LookupError(f"Project has no concrete field {name!r}")
    return field


# what the classification test reads of a project: a save writing any of them rewrites class_faults
CLASS_INPUTS = frozenset({*CLASS_CHECK_NAMES, *FACT_NAMES})


PLACES = ("township", "village", "managing_unit")  # a project's places, all of its county


def places_county(*places: Any) -> Any:
    """The county of a project's township, village and managing unit (those given), which
    must be one: ValidationError when they are of two counties, None when none is given."""
    county_ids = {getattr(obj, "county_id", None) for obj in places if obj is not None}
    if len(county_ids) > 1:
        raise ValidationError("镇(乡)、村(居)和主管单位必须属于同一个区县。")
    return county_ids.pop() if len(county_ids) == 1 else None


def fill_derived(projects: "list[Project]", *, now: Any) -> list[str]:
    """Set on `projects` the fields that a save sets by itself and a bulk write does not
    (`bulk_update` runs no `pre_save`), and return their names for the `bulk_update`. The one
    place a bulk writer (ledger.imports.engine) asks for them: a field derived from others
    on save is added here too."""
    township_ids = {p.township_id for p in projects if p.township_id}
    towns = (
        {
            pk: (code, county)
            for pk, code, county in Division.objects.filter(pk__in=township_ids).values_list("pk", "code", "county_id")
        }
        if township_ids
        else {}
    )
    for p in projects:
        p.updated_at = now
        code, county = towns.get(p.township_id, ("", None))
        p.township_code = code  # the list's stored order key (D125)
        if county is not None:
            p.county_id = county  # the township's county (D113)
        p.class_faults = len(failing_classes(p))  # what the watch counts (D137)
    return ["updated_at", "township_code", "county", "class_faults"]


def refresh_class_faults(model: Any, using: str = "default", chunk: int = 2000) -> int:
    """Recompute the stored `class_faults` of every project of `model` (the live model, or
    a migration's historical one) from its facts, `chunk` rows at a time, writing only those
    that differ: for a migration that adds the field or changes the classification test.
    Returns how many rows changed."""
    names = ["pk", "class_faults", *CLASS_INPUTS]
    changed = 0
    last = 0
    while rows := list(model.objects.using(using).filter(pk__gt=last).order_by("pk").values(*names)[:chunk]):
        last = rows[-1]["pk"]
        by_value: dict[int, list[int]] = {}
        for row in rows:
            n = len(failing_classes(row))
            if n != row["class_faults"]:
                by_value.setdefault(n, []).append(row["pk"])
        for n, pks in by_value.items():
            changed += model.objects.using(using).filter(pk__in=pks).update(class_faults=n)
    return changed
