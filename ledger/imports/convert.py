"""Turn one row's cells into project field values, with a Chinese reason for each cell
that cannot be used.

Each target is converted by one small function of its kind — text, year, place, choice by
label, flags, money in 元 or 万元 — listed in CONVERTERS in the order their reasons are
reported. The words a choice or a flag is written with are those of the ledger's columns
(ledger.ledger_columns), whichever format the file has. Places and units are looked up
in tables loaded once per file."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Q

from ledger.choices import DivisionLevel, IndustryType, Linkage, ManagingLevel, ProductionStatus, UnitKind
from ledger.imports.mapping import FUND_TARGETS, MONEY_TARGETS
from ledger.imports.reader import Column, cell_text
from ledger.ledger_columns import DERIVED_PROBLEMS, TOTAL_CHECK, column_for
from ledger.models import Division, Unit
from ledger.models.divisions import short_village_name
from ledger.models.projects import MAX_YEAR, MIN_YEAR

WAN = Decimal("10000")
CENT = Decimal("0.01")
SPLIT = re.compile(r"[、，,；;/\n]+")
PHONE = re.compile(r"(1\d{10}|0\d{2,3}-\d{7,8})")


# 彭水苗族土家族自治县 · 彭水自治县 · 彭水县 · 涪陵区 · 县 · 区 at the start of a unit's name
COUNTY_PREFIX = re.compile(r"^(?:[\u4e00-\u9fff]{2,4}?(?:(?:[\u4e00-\u9fff]{2,6}族)*自治县|县|区)|县|区)")


def unit_key(name: str) -> str:
    """A unit's name as compared: 彭水县农业农村委员会, 县农业农村委 → 农业农村委 (any
    county's or district's name before it is dropped, as 县 or 区)."""
    s = re.sub(r"\s+", "", name)
    s = COUNTY_PREFIX.sub("", s, count=1)
    s = s.replace("委员会", "委")
    for suffix in ("人民政府", "办事处", "政府"):
        if s.endswith(suffix):
            s = s[: -len(suffix)]
    return s


class Places:
    """A county's townships, villages and units, loaded in two queries: names resolve
    within the county (D113)."""

    def __init__(self, county: Q) -> None:
        divisions = list(Division.objects.filter(county))
        self.townships = {d.name: d for d in divisions if d.level == DivisionLevel.TOWNSHIP}
        self.by_id = {d.pk: d for d in divisions}
        self.villages: dict[int, dict[str, Division]] = {}
        for d in divisions:
            if d.level == DivisionLevel.VILLAGE and d.parent_id is not None:
                names = self.villages.setdefault(d.parent_id, {})
                names[d.name] = names[short_village_name(d.name)] = d
        units = list(Unit.objects.filter(county, active=True))
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

    def manager(self, text: str, township: Division | None, village: Division | None) -> tuple[str, Unit | None] | None:
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
    data: dict[str, Any] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column label, reason)
    skipped: str = ""
    manager: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # field → column label, to place errors


def parse_money(text: str, in_wan: bool) -> Decimal:
    """Exact yuan from a cell: 154.8132 万元 → 1548132.00 元. Raises ValueError (Chinese)."""
    s = text.replace(",", "").replace("，", "").replace("元", "").replace("万", "").strip()
    try:
        value = Decimal(s)
    except InvalidOperation:
        raise ValueError(f"“{text}”不是有效的金额") from None
    if not value.is_finite():
        raise ValueError(f"“{text}”不是有效的金额")
    if in_wan:
        value *= WAN
    if value < 0:
        raise ValueError("金额不能为负数")
    if value != value.quantize(CENT):
        raise ValueError(f"“{text}”换算为元后超过两位小数")
    return value.quantize(CENT)


def _parts(text: str) -> list[str]:
    """The words of a cell holding several (停产、亏损)."""
    return [part.strip() for part in SPLIT.split(text) if part.strip()]


@dataclass
class Row:
    """The mapped cells of one row while its converters run."""

    cells: dict[str, tuple[Column, str]]  # target → (column, text)
    places: Places
    in_wan: bool  # every amount is in 万元 (a ledger)
    out: Converted = field(default_factory=Converted)
    failed: set[str] = field(default_factory=set)

    @property
    def data(self) -> dict[str, Any]:
        return self.out.data

    def has(self, target: str) -> bool:
        return target in self.cells

    def text(self, target: str) -> str:
        return self.cells[target][1] if target in self.cells else ""

    def fail(self, target: str, message: str) -> None:
        self.failed.add(target)
        self.out.errors.append((self.cells[target][0].label if target in self.cells else "", message))


Converter = Callable[[Row], None]


# ---- one converter per kind -----------------------------------------------------------
def required_text(target: str, what: str) -> Converter:
    def convert(row: Row) -> None:
        if row.has(target):
            if row.text(target):
                row.data[target] = row.text(target)
            else:
                row.fail(target, f"缺少{what}")

    return convert


def text(target: str) -> Converter:
    def convert(row: Row) -> None:
        if row.has(target):
            row.data[target] = row.text(target)

    return convert


def person_and_phone(row: Row) -> None:
    """责任人及联系电话 in one cell: the phone number found in it, the rest the person."""
    if not row.has("responsible_both"):
        return
    both = row.text("responsible_both")
    found = PHONE.search(both)
    row.data["responsible_phone"] = found.group(1) if found else ""
    row.data["responsible_person"] = PHONE.sub("", both).strip(" ,，、:：") if found else both


def year(row: Row) -> None:
    if not row.has("year"):
        return
    try:
        value = int(row.text("year").removesuffix("年"))
    except ValueError:
        value = 0
    if MIN_YEAR <= value <= MAX_YEAR:
        row.data["year"] = value
    else:
        row.fail("year", f"实施年度“{row.text('year')}”不是有效的年份")


def _location(row: Row) -> tuple[Division | None, Division | None]:
    """项目地点 as the ledger writes it: the township's name, then the village's short name."""
    where = row.text("location")
    if not where:
        if row.has("location") and not row.has("township"):
            row.fail("location", "缺少项目地点")
        return None, None
    township, village = row.places.location(where)
    if township is None:
        row.fail("location", f"项目地点“{where}”中找不到本县的乡镇(街道)")
    elif village is None and where != township.name:
        row.fail("location", f"项目地点“{where}”中的村(居)不属于{township.name}")
    return township, village


def _township(row: Row) -> Division | None:
    name = row.text("township")
    township = row.places.township(name) if name else None
    if township is None:
        row.fail("township", f"未知的乡镇(街道)“{name}”" if name else "缺少所属乡镇(街道)")
    return township


def place(row: Row) -> None:
    """The township and village, from 项目地点 or from their own columns."""
    township, village = _location(row)
    if row.has("township"):
        township = _township(row)
    name = row.text("village")
    if name and township is not None:
        village = row.places.village(township, name)
        if village is None:
            row.fail("village", f"“{name}”不是{township.name}的村(居)")
    if township is not None:
        row.data["township"], row.data["village"] = township, village


def _choose(table: dict[str, str], text: str, what: str) -> str:
    key = text.replace("（", "(").replace("）", ")")
    value = table[text] if text in table else table.get(key)
    if value is None:
        raise ValueError(f"未知的{what}“{text}”")
    return value


def choice(target: str, what: str, *, otherwise: str | None = None, blank: str | None = None) -> Converter:
    """One value named by its label (or the ledger's word for it). `otherwise`: the value
    of a word not known (instead of refusing it); `blank`: the value of an empty cell."""
    table = column_for(target).read_labels()

    def convert(row: Row) -> None:
        if not row.text(target):
            if row.has(target) and blank is not None:
                row.data[target] = blank
            return
        try:
            row.data[target] = _choose(table, row.text(target), what)
        except ValueError as e:
            if otherwise is None:
                row.fail(target, str(e))
            else:
                row.data[target] = otherwise

    return convert


def flags(target: str, what: str, *, ignore: frozenset[str] = frozenset()) -> Converter:
    """Several facts in one cell (资金短缺、管理不善): each named one set, the others
    cleared. Words in `ignore` are derived, not recorded."""
    column = column_for(target)
    table = column.read_labels()

    def convert(row: Row) -> None:
        if not row.has(target):
            return
        found = dict.fromkeys((name for name, _ in column.flags), False)
        for part in _parts(row.text(target)):
            if part in ignore:
                continue
            if part not in table:
                row.fail(target, f"未知的{what}“{part}”")
                return
            found[table[part]] = True
        row.data.update(found)

    return convert


_production_choice = choice("production_status", "生产经营情况")


def production_status(row: Row) -> None:
    """生产经营情况; the ledger writes 经营困难 for a halted project too, and says 停产
    under 存在问题."""
    _production_choice(row)
    halted = "problems" not in row.failed and "停产" in _parts(row.text("problems"))
    if halted and row.data.get("production_status") == ProductionStatus.DIFFICULTY:
        row.data["production_status"] = ProductionStatus.HALTED


def linkage_from_reasons(row: Row) -> None:
    """A reason for insufficient linkage, with no linkage given, says it is insufficient."""
    if row.text("linkage_reasons") and "linkage" not in row.data:
        row.data["linkage"] = Linkage.INSUFFICIENT


def _amount(row: Row, target: str) -> Decimal | None:
    column, raw = row.cells[target]
    if not raw:
        return Decimal("0.00") if target in FUND_TARGETS else None
    try:
        return parse_money(raw, row.in_wan or column.in_wan)
    except ValueError as e:
        row.fail(target, str(e))
        return None


def money(row: Row) -> None:
    """Every amount, exact in yuan; the parts of the investment must add up to 合计."""
    total = None
    for target in sorted(MONEY_TARGETS & row.cells.keys()):
        amount = _amount(row, target)
        if amount is None:
            continue
        if target == TOTAL_CHECK:
            total = amount
        else:
            row.data[target] = amount
    if total is None or row.failed & MONEY_TARGETS:
        return
    parts = sum((row.data.get(f, Decimal("0")) for f in FUND_TARGETS), Decimal("0.00"))
    if parts != total:
        row.fail(TOTAL_CHECK, f"金额各部分之和与合计不符（各部分之和{parts}元，合计{total}元）")


# In the order their reasons are reported.
CONVERTERS: list[Converter] = [
    required_text("name", "项目名称"),
    required_text("number", "项目编号"),
    *(
        text(target)
        for target in (
            "responsible_unit",
            "responsible_person",
            "responsible_phone",
            "construction_content",
            "measures",
            "ledger_progress",
            "remarks",
        )
    ),
    person_and_phone,
    year,
    place,
    choice("industry_type", "产业类型", otherwise=IndustryType.OTHER),  # an industry the form does not list
    choice("operation_mode", "运营模式"),
    choice("functional_state", "功能现状"),
    choice("use_state", "使用现状"),
    choice("classification", "“四个一批”分类", blank=""),
    choice("linkage", "联农带农情况"),
    flags("problems", "存在问题", ignore=DERIVED_PROBLEMS),
    production_status,
    flags("reasons", "原因"),
    flags("linkage_reasons", "联农带农原因"),
    linkage_from_reasons,
    money,
]


def _operating(asset_class: str) -> bool:
    return not asset_class or ("经营性" in asset_class and "非经营" not in asset_class)


def convert_row(
    cells: list[Any], mapping: dict[int, str], columns: dict[int, Column], places: Places, ledger_amounts: bool
) -> Converted:
    """Convert the mapped cells of one row. `ledger_amounts`: every amount is in 万元."""
    row = Row(
        cells={
            target: (columns[index], cell_text(cells[index] if index < len(cells) else None))
            for index, target in mapping.items()
            if target
        },
        places=places,
        in_wan=ledger_amounts,
    )
    row.out.columns = {target: column.label for target, (column, _) in row.cells.items()}
    if not _operating(row.text("asset_class")):
        row.out.skipped = f"非经营性资产（{row.text('asset_class')}）"
        return row.out
    for convert in CONVERTERS:
        convert(row)
    row.out.manager = row.text("manager")
    return row.out
