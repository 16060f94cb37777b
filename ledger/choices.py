"""Every list of values of the notice's forms and tables (附件1–5), in one module.

Each enumeration is a TextChoices with English code words and the Chinese labels of the
application form. Where the ledger (附件5) or the statistics table (附件4) prints a value
differently, the mapping sits next to the enumeration.
"""

from django.db import models


class DivisionLevel(models.TextChoices):
    TOWNSHIP = "township", "乡镇(街道)"
    VILLAGE = "village", "村(居)"


class UnitKind(models.TextChoices):
    TOWNSHIP = "township", "乡镇(街道)"
    VILLAGE = "village", "村(居)委会"
    DEPARTMENT = "department", "行业部门"
    BUREAU = "bureau", "县乡村振兴局"
    OFFICE = "office", "县领导小组办公室"
    REVIEW = "review", "监督部门"
    # 市级: the municipal office reads every county's ledger and changes nothing; no county.
    MUNICIPAL = "municipal", "市级"


class Role(models.TextChoices):
    VILLAGE = "village", "村(居)委会"
    TOWNSHIP = "township", "乡镇(街道)"
    DEPARTMENT = "department", "行业部门"
    BUREAU = "bureau", "县乡村振兴局"
    OFFICE = "office", "县领导小组办公室"
    REVIEWER = "reviewer", "审阅(财政/审计/纪检监察)"
    ADMIN = "admin", "系统管理员"
    # 三员分立 (GB/T 22239-2019): the security and the audit administrator are kept apart
    # from the system administrator; each of them sees only their own pages.
    SECURITY = "security", "安全管理员"
    AUDITOR = "auditor", "审计管理员"
    # 市级: reads every county's projects and reports, changes nothing (D116).
    MUNICIPAL = "municipal", "市级"


# Which unit kind each role belongs to (an administrator sits in the county bureau).
ROLE_UNIT_KIND = {
    Role.VILLAGE: UnitKind.VILLAGE,
    Role.TOWNSHIP: UnitKind.TOWNSHIP,
    Role.DEPARTMENT: UnitKind.DEPARTMENT,
    Role.BUREAU: UnitKind.BUREAU,
    Role.OFFICE: UnitKind.OFFICE,
    Role.REVIEWER: UnitKind.REVIEW,
    Role.ADMIN: UnitKind.BUREAU,
    Role.SECURITY: UnitKind.BUREAU,
    Role.AUDITOR: UnitKind.BUREAU,
    Role.MUNICIPAL: UnitKind.MUNICIPAL,
}
# The administrators other than the system administrator: no project data, no admin site.
CONFINED_ROLES = frozenset({Role.SECURITY, Role.AUDITOR})
COUNTY_ROLES = frozenset({Role.BUREAU, Role.OFFICE, Role.REVIEWER, Role.ADMIN})


class ManagingLevel(models.TextChoices):
    """主管层级: picks the form variant 附件1/2/3."""

    VILLAGE = "village", "村本级主管和实施项目"
    TOWNSHIP = "township", "乡镇(街道)主管项目"
    DEPARTMENT = "department", "行业部门主管项目"


FORM_VARIANT = {
    ManagingLevel.VILLAGE: "附件1",
    ManagingLevel.TOWNSHIP: "附件2",
    ManagingLevel.DEPARTMENT: "附件3",
}
FORM_TITLE_OF = "{county}经营性帮扶产业项目“四个一批”分类及处置措施申请表"
FORM_TITLE = FORM_TITLE_OF.format(county="彭水自治县")


class IndustryType(models.TextChoices):
    PLANTING = "planting", "种植业"
    LIVESTOCK = "livestock", "养殖业"
    COLD_CHAIN = "cold_chain", "仓储冷链物流"
    TOURISM = "tourism", "休闲农业与乡村旅游"
    PHOTOVOLTAIC = "photovoltaic", "光伏电站"
    PROCESSING = "processing", "加工业"
    OTHER = "other", "其他"


class OperationMode(models.TextChoices):
    SELF = "self", "自主经营"
    ENTRUSTED = "entrusted", "委托运营"
    LEASED = "leased", "租赁"
    COOPERATIVE = "cooperative", "合作发展(入股)"
    EQUITY = "equity", "股权投资"
    OTHER = "other", "其他"


# The ledger's fill-in note 1 writes 委托经营 where the form writes 委托运营.
OPERATION_MODE_LEDGER_LABEL = {**{m: m.label for m in OperationMode}, OperationMode.ENTRUSTED: "委托经营"}


class FunctionalState(models.TextChoices):
    NORMAL = "normal", "正常"
    DAMAGED = "damaged", "损坏"
    LOST = "lost", "灭失"


class UseState(models.TextChoices):
    IN_USE = "in_use", "在用"
    IDLE = "idle", "闲置"


class ProductionStatus(models.TextChoices):
    """One status with four values for the form's 生产经营 (附件1–3: 正常, or 不正常 as
    停产闲置 or 经营遇到困难) and the ledger's 生产经营情况 (附件5, which adds 终止经营):
    a terminated project is a halted one that has ended for good; its form ticks 停产闲置."""

    NORMAL = "normal", "生产经营正常"
    DIFFICULTY = "difficulty", "经营遇到困难"
    HALTED = "halted", "停产闲置"
    TERMINATED = "terminated", "终止经营"


ABNORMAL_STATUSES = frozenset({ProductionStatus.DIFFICULTY, ProductionStatus.HALTED, ProductionStatus.TERMINATED})
HALTED_STATUSES = frozenset({ProductionStatus.HALTED, ProductionStatus.TERMINATED})
RUNNING_STATUSES = frozenset({ProductionStatus.NORMAL, ProductionStatus.DIFFICULTY})

# 附件5 生产经营情况 (填表说明 3: 经营正常/经营困难/终止经营): a halted project reads 经营困难
# there, with 停产 among its 存在问题.
PRODUCTION_LEDGER_LABEL = {
    ProductionStatus.NORMAL: "经营正常",
    ProductionStatus.DIFFICULTY: "经营困难",
    ProductionStatus.HALTED: "经营困难",
    ProductionStatus.TERMINATED: "终止经营",
}


class Linkage(models.TextChoices):
    FULL = "full", "充分发挥联农带农作用"
    INSUFFICIENT = "insufficient", "发挥联农带农作用不充分"


class Classification(models.TextChoices):
    CONSOLIDATE = "consolidate", "巩固"
    UPGRADE = "upgrade", "提升"
    REVITALISE = "revitalise", "盘活"
    REBUILD = "rebuild", "重建"


# 附件4 names the rebuild column 另起炉灶项目.
STATISTICS_CLASS_LABEL = {
    Classification.CONSOLIDATE: "巩固项目",
    Classification.UPGRADE: "提升项目",
    Classification.REVITALISE: "盘活项目",
    Classification.REBUILD: "另起炉灶项目",
}


class WeeklyStatus(models.TextChoices):
    """周调度 报送情况 (二十二: every Thursday before 16:00): a unit's report of a week came in
    before the deadline or after it, or has not come in, while the deadline is still ahead
    or already past."""

    ON_TIME = "on_time", "按时报送"
    LATE = "late", "逾期报送"
    MISSING = "missing", "逾期未报送"
    OPEN = "open", "尚未报送"


# ---- multi-valued facts, each stored as one boolean field on the project -------------
# (field name, label), in the order of the application form.
PRODUCTION_REASONS = [
    ("reason_industry_choice", "产业选择不准"),
    ("reason_facilities", "配套设施原因"),
    ("reason_funds", "资金短缺"),
    ("reason_management", "管理不善"),
    ("reason_labour", "用工短缺"),
    ("reason_materials", "原材料供应困难"),
    ("reason_technology", "技术原因"),
    ("reason_price", "产品价格波动"),
    ("reason_disaster", "自然灾害"),
    ("reason_other", "其他"),
]
# 附件4 prints the ten reasons in its own order, not the form's.
STATISTICS_REASON_ORDER = [
    "reason_industry_choice",
    "reason_funds",
    "reason_management",
    "reason_labour",
    "reason_materials",
    "reason_technology",
    "reason_price",
    "reason_facilities",
    "reason_disaster",
    "reason_other",
]

LINKAGE_REASONS = [
    ("linkage_no_production", "未按约定有效带动农户发展生产"),
    ("linkage_no_jobs", "未按约定吸纳农村劳动力稳定就业"),
    ("linkage_no_income", "未按约定及时足额分配资产收益"),
]

UPGRADE_DEFECTS = [
    ("upgrade_chain_gap", "产业链条存在明显短板弱项"),
    ("upgrade_low_value_added", "加工转化能力弱，产品附加值低"),
    ("upgrade_single_marketing", "营销手段单一，产品品牌价值不高"),
    ("upgrade_weak_technology", "科技支撑能力弱，产业竞争能力不强"),
]

# 巩固 (三): "发展势头较好、产业链条完备、产销衔接顺畅、产品竞争力强、防范化解风险机制健全".
CONSOLIDATE_CONDITIONS = [
    ("consolidate_momentum", "发展势头较好"),
    ("consolidate_chain", "产业链条完备"),
    ("consolidate_sales", "产销衔接顺畅"),
    ("consolidate_competitive", "产品竞争力强"),
    ("consolidate_risk", "防范化解风险机制健全"),
]
# A condition of 巩固 and the upgrade defect (四) that says the opposite.
CONDITION_CONTRADICTED_BY = {
    "consolidate_chain": "upgrade_chain_gap",
    "consolidate_competitive": "upgrade_weak_technology",
}

REBUILD_DEFECTS = [
    ("rebuild_external_failure", "因市场、政策重大变化或地理条件、气候环境因素导致产业失败"),
    ("rebuild_cannot_continue", "帮扶产业项目无法继续发展，无法发挥联农带农作用"),
    ("rebuild_management_broken", "资金、项目、资产管理已经无法正常运行"),
]

# 附件5 存在问题: the four recorded on the project; 停产 and 未落实联农带农 are derived
# (see ledger_problems in ledger.exports.ledger_xlsx).
RECORDED_PROBLEMS = [
    ("problem_loss", "亏损"),
    ("problem_partner_uncertain", "合作主体持续经营存在重大不确定性"),
    ("problem_dividend_short", "未足额分红"),
    ("problem_principal_unreturned", "到期未全额返还本金"),
]
LEDGER_PROBLEM_ORDER = [
    "停产",
    "亏损",
    "合作主体持续经营存在重大不确定性",
    "未足额分红",
    "到期未全额返还本金",
    "未落实联农带农",
]

# ---- money --------------------------------------------------------------------------
# The four funds of the form's 投资规模 (附件1–3): (label, their parts' field names in the form's order).
FUND_PARTS = {
    "fund1": ("财政专项扶贫资金(衔接资金)", ["fund1_central", "fund1_municipal", "fund1_county"]),
    "fund2": ("整合其他涉农资金", ["fund2_central", "fund2_municipal", "fund2_county"]),
    "fund3": ("行业扶贫(帮扶)资金", ["fund3_central", "fund3_municipal", "fund3_county"]),
    "fund4": ("社会扶贫(帮扶)资金", ["fund4_social"]),
}
PART_LABELS = {"central": "中央资金", "municipal": "市级资金", "county": "区县资金", "social": "社会扶贫(帮扶)资金"}
INVESTMENT_FIELDS = [f for _, parts in FUND_PARTS.values() for f in parts]
PRESENT_VALUE_FIELDS = [
    ("pv_cash", "货币资金结余"),
    ("pv_receivable", "待收待返资金"),
    ("pv_assets", "资产估值"),
    ("pv_other", "其他"),
]
MONEY_FIELDS = INVESTMENT_FIELDS + [f for f, _ in PRESENT_VALUE_FIELDS]
