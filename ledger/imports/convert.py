"""Turn one row's cells into project field values, with a Chinese reason for each cell
that cannot be used. Places and units are looked up in tables loaded once per file."""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ledger.choices import (
    LEDGER_PROBLEM_ORDER,
    LINKAGE_REASONS,
    PRODUCTION_REASONS,
    RECORDED_PROBLEMS,
    Classification,
    DivisionLevel,
    FunctionalState,
    IndustryType,
    Linkage,
    ManagingLevel,
    OperationMode,
    ProductionStatus,
    UnitKind,
    UseState,
)
from ledger.imports.mapping import FUND_TARGETS, MONEY_TARGETS, TOTAL_CHECK
from ledger.imports.reader import Column, cell_text
from ledger.models import Division, Unit
from ledger.models.divisions import short_village_name

WAN = Decimal("10000")
CENT = Decimal("0.01")
SPLIT = re.compile(r"[、，,；;/\n]+")
PHONE = re.compile(r"(1\d{10}|0\d{2,3}-\d{7,8})")


def _labels(choices, extra=None) -> dict[str, str]:
    table = {c.label: c.value for c in choices}
    table.update(extra or {})
    return table


INDUSTRY = _labels(
    IndustryType,
    {
        "养殖": "livestock",
        "种植": "planting",
        "乡村旅游": "tourism",
        "光伏": "photovoltaic",
        "冷链物流": "cold_chain",
        "加工": "processing",
    },
)
OPERATION = _labels(
    OperationMode,
    {"委托经营": "entrusted", "合作发展": "cooperative", "入股": "cooperative", "合作发展（入股）": "cooperative"},
)
FUNCTIONAL = _labels(FunctionalState)
USE = _labels(UseState)
CLASSES = _labels(
    Classification,
    {
        "另起炉灶": "rebuild",
        "另起炉灶项目": "rebuild",
        "巩固项目": "consolidate",
        "提升项目": "upgrade",
        "盘活项目": "revitalise",
        "重建项目": "rebuild",
    },
)
PRODUCTION = _labels(
    ProductionStatus, {"经营正常": "normal", "经营困难": "difficulty", "终止经营": "terminated", "正常": "normal"}
)
LINKAGE = _labels(
    Linkage,
    {
        "是": "full",
        "充分": "full",
        "否": "insufficient",
        "不充分": "insufficient",
        "未充分发挥联农带农作用": "insufficient",
    },
)
REASONS = {label: f for f, label in PRODUCTION_REASONS}
LINKAGE_REASON = {label: f for f, label in LINKAGE_REASONS}
PROBLEMS = {label: f for f, label in RECORDED_PROBLEMS}
DERIVED_PROBLEMS = {"停产", "未落实联农带农"}
assert set(PROBLEMS) | DERIVED_PROBLEMS == set(LEDGER_PROBLEM_ORDER)


def unit_key(name: str) -> str:
    """A unit's name as compared: 彭水县农业农村委员会, 县农业农村委 → 农业农村委."""
    s = re.sub(r"\s+", "", name)
    for prefix in ("彭水苗族土家族自治县", "彭水自治县", "彭水县", "县"):
        if s.startswith(prefix):
            s = s[len(prefix) :]
            break
    s = s.replace("委员会", "委")
    for suffix in ("人民政府", "办事处", "政府"):
        if s.endswith(suffix):
            s = s[: -len(suffix)]
    return s


class Places:
    """Townships, villages and units, loaded in three queries."""

    def __init__(self):
        divisions = list(Division.objects.all())
        self.townships = {d.name: d for d in divisions if d.level == DivisionLevel.TOWNSHIP}
        self.by_id = {d.pk: d for d in divisions}
        self.villages: dict[int, dict[str, Division]] = {}
        for d in divisions:
            if d.level == DivisionLevel.VILLAGE:
                names = self.villages.setdefault(d.parent_id, {})
                names[d.name] = names[short_village_name(d.name)] = d
        units = list(Unit.objects.filter(active=True))
        self.unit_of_division = {u.division_id: u for u in units if u.division_id}
        self.departments = {unit_key(u.name): u for u in units if u.kind == UnitKind.DEPARTMENT}

    def township(self, text: str) -> Division | None:
        return self.townships.get(text) or self.townships.get(unit_key(text))

    def village(self, township: Division, text: str) -> Division | None:
        names = self.villages.get(township.pk, {})
        return names.get(text) or names.get(short_village_name(text))

    def location(self, text: str) -> tuple[Division | None, Division | None]:
        """项目地点 as the ledger writes it: township name followed by the short village name."""
        for name, township in self.townships.items():
            if text.startswith(name):
                rest = text[len(name) :]
                return township, (self.village(township, rest) if rest else None)
        return None, None

    def manager(self, text: str, township: Division | None, village: Division | None):
        """(managing level, managing unit) from a 主管部门 name, or by the township when
        the file names none; None when the name matches no unit."""
        if not text:
            return (ManagingLevel.TOWNSHIP, self.unit_of_division.get(township.pk)) if township else None
        key = unit_key(text)
        if key in self.departments:
            return ManagingLevel.DEPARTMENT, self.departments[key]
        matches = [d for k, d in self.departments.items() if key and (key in k or k in key)]
        if len(matches) == 1:
            return ManagingLevel.DEPARTMENT, matches[0]
        if key in self.townships:
            return ManagingLevel.TOWNSHIP, self.unit_of_division.get(self.townships[key].pk)
        if township is not None:
            v = self.village(township, key) or self.village(township, text)
            if v is not None:
                return ManagingLevel.VILLAGE, self.unit_of_division.get(v.pk)
        return None

    def push_unit(self, level: str, unit: Unit, township: Division) -> Unit:
        """Who surveys a project: its department, or its township (for village-level too)."""
        if level == ManagingLevel.DEPARTMENT:
            return unit
        return self.unit_of_division[township.pk]


@dataclass
class Converted:
    data: dict = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column label, reason)
    skipped: str = ""
    manager: str = ""
    columns: dict = field(default_factory=dict)  # field → column label, to place errors


def parse_money(text: str, in_wan: bool) -> Decimal:
    """Exact yuan from a cell: 154.8132 万元 → 1548132.00 元. Raises ValueError (Chinese)."""
    s = text.replace(",", "").replace("，", "").replace("元", "").replace("万", "").strip()
    try:
        value = Decimal(s)
    except InvalidOperation:
        raise ValueError(f"“{text}”不是有效的金额")
    if not value.is_finite():
        raise ValueError(f"“{text}”不是有效的金额")
    if in_wan:
        value *= WAN
    if value < 0:
        raise ValueError("金额不能为负数")
    if value != value.quantize(CENT):
        raise ValueError(f"“{text}”换算为元后超过两位小数")
    return value.quantize(CENT)


def _choice(table: dict, text: str, what: str):
    key = text.replace("（", "(").replace("）", ")")
    value = table.get(text) or table.get(key)
    if value is None:
        raise ValueError(f"未知的{what}“{text}”")
    return value


def _flags(table: dict, text: str, what: str, fields: list[str], ignore=frozenset()) -> dict[str, bool]:
    out = dict.fromkeys(fields, False)
    for part in SPLIT.split(text):
        part = part.strip()
        if not part or part in ignore:
            continue
        if part not in table:
            raise ValueError(f"未知的{what}“{part}”")
        out[table[part]] = True
    return out


def convert_row(
    cells: list, mapping: dict[int, str], columns: dict[int, Column], places: Places, ledger_amounts: bool
) -> Converted:
    """Convert the mapped cells of one row. `ledger_amounts`: every amount is in 万元."""
    out = Converted()
    values = {}
    for index, target in mapping.items():
        if target:
            column = columns[index]
            values[target] = (column, cell_text(cells[index] if index < len(cells) else None))
            out.columns[target] = column.label

    def fail(target, message):
        out.errors.append((values[target][0].label if target in values else "", message))

    text = {t: v for t, (_, v) in values.items()}
    asset_class = text.get("asset_class", "")
    if asset_class and ("经营性" not in asset_class or "非经营" in asset_class):
        out.skipped = f"非经营性资产（{asset_class}）"
        return out
    d = out.data
    for target in ("name", "number"):
        if target in values:
            if text[target]:
                d[target] = text[target]
            else:
                fail(target, f"缺少{'项目名称' if target == 'name' else '项目编号'}")
    for target in (
        "responsible_unit",
        "responsible_person",
        "responsible_phone",
        "construction_content",
        "measures",
        "ledger_progress",
        "remarks",
    ):
        if target in values:
            d[target] = text[target]
    if "responsible_both" in values:
        found = PHONE.search(text["responsible_both"])
        d["responsible_phone"] = found.group(1) if found else ""
        d["responsible_person"] = (
            PHONE.sub("", text["responsible_both"]).strip(" ,，、:：") if found else text["responsible_both"]
        )
    if "year" in values:
        try:
            year = int(text["year"].removesuffix("年"))
            if not 2000 <= year <= 2099:
                raise ValueError
            d["year"] = year
        except ValueError:
            fail("year", f"实施年度“{text['year']}”不是有效的年份")
    township = village = None
    if "location" in values and text["location"]:
        township, village = places.location(text["location"])
        if township is None:
            fail("location", f"项目地点“{text['location']}”中找不到本县的乡镇(街道)")
        elif village is None and text["location"] != township.name:
            fail("location", f"项目地点“{text['location']}”中的村(居)不属于{township.name}")
    if "location" in values and not text["location"] and "township" not in values:
        fail("location", "缺少项目地点")
    if "township" in values:
        township = places.township(text["township"]) if text["township"] else None
        if township is None:
            fail("township", f"未知的乡镇(街道)“{text['township']}”" if text["township"] else "缺少所属乡镇(街道)")
    if "village" in values and text["village"] and township is not None:
        village = places.village(township, text["village"])
        if village is None:
            fail("village", f"“{text['village']}”不是{township.name}的村(居)")
    if township is not None:
        d["township"], d["village"] = township, village
    for target, table, what in (
        ("industry_type", INDUSTRY, "产业类型"),
        ("operation_mode", OPERATION, "运营模式"),
        ("functional_state", FUNCTIONAL, "功能现状"),
        ("use_state", USE, "使用现状"),
        ("classification", CLASSES, "“四个一批”分类"),
        ("linkage", LINKAGE, "联农带农情况"),
    ):
        if target in values and text[target]:
            try:
                d[target] = _choice(table, text[target], what)
            except ValueError as e:
                if target == "industry_type":
                    d[target] = IndustryType.OTHER  # an industry the form does not list is 其他
                else:
                    fail(target, str(e))
    if "classification" in values and not text["classification"]:
        d["classification"] = ""
    problems = set()
    if "problems" in values:
        try:
            d.update(
                _flags(PROBLEMS, text["problems"], "存在问题", [f for f, _ in RECORDED_PROBLEMS], DERIVED_PROBLEMS)
            )
            problems = {p.strip() for p in SPLIT.split(text["problems"])}
        except ValueError as e:
            fail("problems", str(e))
    if "production_status" in values and text["production_status"]:
        try:
            status = _choice(PRODUCTION, text["production_status"], "生产经营情况")
            if status == ProductionStatus.DIFFICULTY and "停产" in problems:
                status = ProductionStatus.HALTED
            d["production_status"] = status
        except ValueError as e:
            fail("production_status", str(e))
    for target, table, what, pairs in (
        ("reasons", REASONS, "原因", PRODUCTION_REASONS),
        ("linkage_reasons", LINKAGE_REASON, "联农带农原因", LINKAGE_REASONS),
    ):
        if target in values:
            try:
                d.update(_flags(table, text[target], what, [f for f, _ in pairs]))
            except ValueError as e:
                fail(target, str(e))
    if "linkage_reasons" in values and text["linkage_reasons"] and "linkage" not in d:
        d["linkage"] = Linkage.INSUFFICIENT
    total, money_failed = None, False
    for target in sorted(MONEY_TARGETS & set(values)):
        column, raw = values[target]
        if not raw:
            if target in FUND_TARGETS:
                d[target] = Decimal("0.00")
            continue
        try:
            amount = parse_money(raw, ledger_amounts or column.in_wan)
        except ValueError as e:
            fail(target, str(e))
            money_failed = True
            continue
        if target == TOTAL_CHECK:
            total = amount
        else:
            d[target] = amount
    if total is not None and not money_failed:
        parts = sum((d.get(f, Decimal("0")) for f in FUND_TARGETS), Decimal("0.00"))
        if parts != total:
            fail(TOTAL_CHECK, f"金额各部分之和与合计不符（各部分之和{parts}元，合计{total}元）")
    out.manager = text.get("manager", "")
    return out
