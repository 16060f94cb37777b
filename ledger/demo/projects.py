"""Demo data: accounts for each role and realistic projects over the real places.

Projects are generated from a seeded random stream, so the same seed gives the same
projects; their classes are the ones the classification test suggests, so demo data obeys
the rules. Demo accounts are for trying the system, never for production.
"""

import random
from collections.abc import Iterator
from decimal import Decimal
from itertools import islice

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import reset_queries, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from ledger.choices import (
    CONDITION_CONTRADICTED_BY,
    CONSOLIDATE_CONDITIONS,
    LINKAGE_REASONS,
    PRODUCTION_REASONS,
    REBUILD_DEFECTS,
    RECORDED_PROBLEMS,
    UPGRADE_DEFECTS,
    Classification,
    DivisionLevel,
    FunctionalState,
    IndustryType,
    Linkage,
    ManagingLevel,
    OperationMode,
    ProductionStatus,
    Role,
    UseState,
)
from ledger.classification import suggest
from ledger.models import County, Division, Project, Unit, User
from ledger.models.projects import fill_derived

DEMO_PASSWORD = "Demo@2026"

# (username, name, role, unit code or division name)
DEMO_ACCOUNTS = [
    ("admin", "系统管理员", Role.ADMIN, "XCZXJ"),
    ("xczxj", "县乡村振兴局 王科长", Role.BUREAU, "XCZXJ"),
    ("ldxz", "领导小组办公室 李主任", Role.OFFICE, "LDXZBGS"),
    ("baojia", "保家镇 张干事", Role.TOWNSHIP, "保家镇"),
    ("baojia_village", "保家镇村委会 刘主任", Role.VILLAGE, None),  # the first village of 保家镇
    ("nyncw", "县农业农村委 陈干事", Role.DEPARTMENT, "NYNCW"),
    ("czj", "县财政局 赵审阅", Role.REVIEWER, "CZJ"),
    # 三员分立: the security and the audit administrator, apart from the system administrator.
    ("security", "安全管理员", Role.SECURITY, "XCZXJ"),
    ("auditor", "审计管理员", Role.AUDITOR, "XCZXJ"),
]

PRODUCTS = {
    IndustryType.PLANTING: ["中药材种植基地", "脆红李种植", "烤烟基地", "茶叶基地", "魔芋种植", "油茶种植", "蔬菜大棚"],
    IndustryType.LIVESTOCK: ["生猪养殖场", "肉牛养殖", "山羊养殖", "中蜂养殖", "冷水鱼养殖", "蛋鸡养殖"],
    IndustryType.COLD_CHAIN: ["农产品冷库", "冷链物流中心", "仓储保鲜设施"],
    IndustryType.TOURISM: ["乡村旅游接待中心", "民宿改造", "农旅融合观光园"],
    IndustryType.PHOTOVOLTAIC: ["村级光伏电站", "分布式光伏电站"],
    IndustryType.PROCESSING: ["农产品加工厂", "红薯粉加工坊", "茶叶加工厂", "魔芋加工车间"],
    IndustryType.OTHER: ["电商服务站", "农机服务中心"],
}
DEPARTMENT_BY_INDUSTRY = {
    IndustryType.PLANTING: "NYNCW",
    IndustryType.LIVESTOCK: "NYNCW",
    IndustryType.COLD_CHAIN: "SWW",
    IndustryType.TOURISM: "WHLYW",
    IndustryType.PHOTOVOLTAIC: "FZGGW",
    IndustryType.PROCESSING: "GXS",
    IndustryType.OTHER: "SWW",
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗冉任"
GIVEN = ["建国", "红梅", "小军", "德华", "春燕", "志强", "明", "芳", "勇", "丽", "文成", "光荣"]
# The demo's disposal measures by class ("" for a project not classified yet).
MEASURES = {
    Classification.CONSOLIDATE: "巩固提升产业链，完善利益联结机制，确保收益按时足额分配。",
    Classification.UPGRADE: "补齐加工短板，引进龙头企业开展产品深加工，拓展电商销售渠道，加强技术培训。",
    Classification.REVITALISE: "查清资产现状，引进新的经营主体，签订租赁协议，盘活闲置设施。",
    Classification.REBUILD: "开展评估论证，会同财政、审计、纪检监察会审，制定重建方案，调整产业方向。",
    "": "",
}
LINKAGE_MEASURES = "对照帮扶协议落实联农带农责任，吸纳脱贫户务工，按约定足额分配资产收益。"
REVITALISE_SUPPORT = "申请衔接资金用于设施维修和流动资金，协调土地流转和信贷贴息政策支持。"


def ensure_demo_accounts() -> list[tuple[str, str, str, bool]]:
    """Create the demo accounts that do not exist yet; an existing account of the same name is
    left exactly as it is (never its password). Returns (username, role label, unit name,
    created) for each demo account."""
    baojia = Division.objects.get(name="保家镇", level=DivisionLevel.TOWNSHIP)
    first_village = Division.objects.filter(parent=baojia).order_by("code").first()
    password = make_password(DEMO_PASSWORD)  # hashed once: the hasher is slow on purpose
    out = []
    for username, name, role, unit_key in DEMO_ACCOUNTS:
        if unit_key is None:
            unit = Unit.objects.get(division=first_village)
        elif unit_key == "保家镇":
            unit = Unit.objects.get(division=baojia)
        else:
            unit = Unit.objects.get(county__code=settings.DEFAULT_COUNTY_CODE, code=unit_key)
        existing = User.objects.filter(username=username).select_related("unit").first()
        if existing is not None:
            label = Role(existing.role).label if existing.role else "（未设角色）"
            out.append((username, label, existing.unit.name if existing.unit else "", False))
            continue
        User.objects.create(
            username=username,
            first_name=name,
            unit=unit,
            role=role,
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
            password=password,
        )
        out.append((username, Role(role).label, unit.name, True))
    return out


def _money(rng: random.Random, low: int, high: int, step: int = 1000) -> Decimal:
    """A yuan amount with fen, between low and high yuan."""
    return Decimal(rng.randrange(low, high + 1, step)) + Decimal(rng.randrange(0, 100)) / 100


def _project(
    rng: random.Random, i: int, villages: list[Division], units: dict[str, Unit], baojia: list[Division], county: str
) -> Project:
    # 保家镇, where the demo township and village accounts sit, gets a fair share.
    village = rng.choices([rng.choice(villages), rng.choice(baojia), baojia[0]], weights=[80, 15, 5])[0]
    township = village.parent
    assert township is not None, "every village lies in a township"
    industry = rng.choice(list(IndustryType))
    level = rng.choices(list(ManagingLevel), weights=[40, 35, 25])[0]
    unit = {
        ManagingLevel.VILLAGE: units[village.code],
        ManagingLevel.TOWNSHIP: units[township.code],
        ManagingLevel.DEPARTMENT: units[DEPARTMENT_BY_INDUSTRY[industry]],
    }[level]
    year = rng.randint(2016, 2023)
    status = rng.choices(list(ProductionStatus), weights=[60, 20, 15, 5])[0]
    p = Project(
        name=f"{village.short_name}{rng.choice(PRODUCTS[industry])}项目",
        number=f"{county}{year}{i:06d}",
        township=township,
        township_code=township.code,  # bulk_create skips save(), which keeps it (D125)
        village=village,
        year=year,
        managing_level=level,
        managing_unit=unit,
        responsible_unit=unit.name if level != ManagingLevel.VILLAGE else f"{village.short_name}股份经济合作联合社",
        responsible_person=rng.choice(SURNAMES) + rng.choice(GIVEN),
        responsible_phone="1" + rng.choice("3589") + "".join(str(rng.randint(0, 9)) for _ in range(9)),
        industry_type=industry,
        construction_content=(
            f"建设{rng.choice(PRODUCTS[industry])}{rng.randint(1, 500)}亩（平方米），配套道路及水电设施。"
        ),
        operation_mode=rng.choice(list(OperationMode)),
        functional_state=FunctionalState.NORMAL
        if status == ProductionStatus.NORMAL
        else rng.choice(list(FunctionalState)),
        use_state=UseState.IDLE
        if status in (ProductionStatus.HALTED, ProductionStatus.TERMINATED)
        else UseState.IN_USE,
        production_status=status,
        linkage=rng.choices(list(Linkage), weights=[75, 25])[0]
        if status != ProductionStatus.TERMINATED
        else Linkage.INSUFFICIENT,
    )
    p.fund1_central = _money(rng, 100000, 2000000)
    p.fund1_municipal = _money(rng, 0, 300000)
    p.fund1_county = _money(rng, 0, 200000)
    if rng.random() < 0.4:
        p.fund2_central, p.fund2_municipal, p.fund2_county = (_money(rng, 0, 200000) for _ in range(3))
    if rng.random() < 0.3:
        p.fund3_county = _money(rng, 0, 300000)
    if rng.random() < 0.2:
        p.fund4_social = _money(rng, 10000, 200000)
    p.pv_cash = _money(rng, 0, 50000, 100)
    p.pv_receivable = _money(rng, 0, 80000, 100)
    p.pv_assets = (p.investment_total * Decimal(rng.randint(30, 95)) / 100).quantize(Decimal("0.01"))
    if status != ProductionStatus.NORMAL:
        for f, _ in rng.sample(PRODUCTION_REASONS, rng.randint(1, 3)):
            setattr(p, f, True)
    if p.linkage == Linkage.INSUFFICIENT:
        for f, _ in rng.sample(LINKAGE_REASONS, rng.randint(1, 2)):
            setattr(p, f, True)
    if status == ProductionStatus.TERMINATED or (status != ProductionStatus.NORMAL and rng.random() < 0.2):
        for f, _ in rng.sample(REBUILD_DEFECTS, rng.randint(1, 2)):
            setattr(p, f, True)
    if p.linkage == Linkage.FULL and p.rebuild_cannot_continue:
        # "无法发挥联农带农作用" contradicts full linkage: the failure is the management's
        p.rebuild_cannot_continue, p.rebuild_management_broken = False, True
    if status == ProductionStatus.HALTED and p.functional_state == FunctionalState.LOST and not p.rebuild_defects:
        p.rebuild_external_failure = True  # lost assets cannot be revitalised
    if status in (ProductionStatus.NORMAL, ProductionStatus.DIFFICULTY) and rng.random() < 0.45:
        for f, _ in rng.sample(UPGRADE_DEFECTS, rng.randint(1, 4)):
            setattr(p, f, True)
    if status != ProductionStatus.NORMAL and rng.random() < 0.5:
        setattr(p, rng.choice(RECORDED_PROBLEMS)[0], True)
    weak = len(p.upgrade_defects) < 2 and not p.rebuild_defects
    if weak and (
        status == ProductionStatus.DIFFICULTY or (status, p.linkage) == (ProductionStatus.NORMAL, Linkage.INSUFFICIENT)
    ):
        # in difficulty, or (as the demo has always had it) normal with weak linkage: an upgrade case
        for f, _ in rng.sample(UPGRADE_DEFECTS, 2):
            setattr(p, f, True)
    if status == ProductionStatus.NORMAL and len(p.upgrade_defects) < 2:
        # a sound project: the five conditions of 巩固 hold, no weakness says otherwise
        for defect in CONDITION_CONTRADICTED_BY.values():
            setattr(p, defect, False)
        for f, _ in CONSOLIDATE_CONDITIONS:
            setattr(p, f, True)
    if status == ProductionStatus.HALTED:
        p.revitalise_support = REVITALISE_SUPPORT
    # Most projects are classified as the test suggests; some still await classification.
    cls = suggest(p) if rng.random() < 0.85 else None
    p.classification = cls or ""
    p.measures = MEASURES[p.classification]
    # recorded as decided before the system, like the data migration's existing projects
    p.proposed_classification, p.proposed_measures = p.classification, p.measures
    if p.linkage == Linkage.INSUFFICIENT and not p.proposed_measures:
        p.proposed_measures = LINKAGE_MEASURES  # insufficient linkage asks for measures (二)
    return p


CHUNK = 2000  # projects generated, checked and written at a time


def demo_projects(n: int, seed: int, county: County | None = None) -> Iterator[Project]:
    """The first n demo projects of stream `seed` in `county` (the default county's,
    Pengshui unless DEFAULT_COUNTY_CODE says otherwise), one at a time (never all in
    memory)."""
    rng = random.Random(seed)
    county = county or County.objects.get(code=settings.DEFAULT_COUNTY_CODE)
    villages = list(
        Division.objects.filter(county=county, level=DivisionLevel.VILLAGE).select_related("parent").order_by("code")
    )
    units = {
        u.division.code if u.division is not None else u.code: u
        for u in Unit.objects.filter(county=county).select_related("division")
    }
    baojia = [v for v in villages if v.parent is not None and v.parent.name == "保家镇"] or villages
    for i in range(1, n + 1):
        p = _project(rng, i, villages, units, baojia, county.code)
        p.county = county
        yield p


@transaction.atomic
def seed_projects(n: int, seed: int, by: User | None = None, county: County | None = None) -> int:
    """Create the first n demo projects of stream `seed` in `county` (the default county's
    when None); those already present are kept.
    Generated and written CHUNK at a time, each in its final state, with its history row.
    Returns how many were created."""
    created = 0
    projects = demo_projects(n, seed, county)
    while chunk := list(islice(projects, CHUNK)):
        numbers = [p.number for p in chunk]
        existing = set(
            Project.objects.filter(county=chunk[0].county, number__in=numbers).values_list("number", flat=True)
        )
        new = [p for p in chunk if p.number not in existing]
        for p in new:
            p.created_by = by
        fill_derived(new, now=timezone.now())  # what a save would set: bulk_create runs none
        bulk_create_with_history(new, Project, batch_size=1000, default_user=by, default_change_reason="演示数据")
        created += len(new)
        reset_queries()  # with DJANGO_DEBUG on, Django keeps the text of each query: not these
    return created
