"""Counties as tenants (D113): Chongqing's places, loaded from the statistical division
codes, and the units a county starts with.

`load_divisions` loads counties, townships and villages from
`fixtures/chongqing_divisions.csv` (a copy kept in the repository: the app never reads
outside it) in a fixed number of bulk queries per county, and is idempotent: a second run
creates nothing and changes nothing, a renamed place is renamed. `create_county_units`
gives a county the units Pengshui has: one per township and per village, and the
county-level units of `fixtures/county_units.csv` (bureau, office, departments, reviewers).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from ledger.choices import DivisionLevel, UnitKind
from ledger.models import County, Division, Unit
from ledger.models.divisions import county_short_name

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
CHONGQING_CSV = FIXTURES / "chongqing_divisions.csv"
COUNTY_UNITS_CSV = FIXTURES / "county_units.csv"
PENGSHUI_CODE = "500243"


@dataclass
class LoadResult:
    created: dict[str, int] = field(default_factory=lambda: {"county": 0, "township": 0, "village": 0})
    renamed: dict[str, int] = field(default_factory=lambda: {"county": 0, "township": 0, "village": 0})

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or any(self.renamed.values())


def read_divisions(csv_path: Path = CHONGQING_CSV) -> list[dict[str, str]]:
    with open(csv_path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def county_codes(rows: list[dict[str, str]]) -> list[str]:
    return [r["code"] for r in rows if r["level"] == "county"]


def _upsert(existing: dict[str, Division], wanted: list[Division], result: LoadResult, level: str) -> None:
    new = [d for d in wanted if d.code not in existing]
    renamed = []
    for d in wanted:
        old = existing.get(d.code)
        if old is not None and old.name != d.name:
            old.name = d.name
            renamed.append(old)
    Division.objects.bulk_create(new, batch_size=1000)
    Division.objects.bulk_update(renamed, ["name"], batch_size=1000)
    result.created[level] += len(new)
    result.renamed[level] += len(renamed)


@transaction.atomic
def load_divisions(codes: Iterable[str] | None = None, *, csv_path: Path = CHONGQING_CSV) -> LoadResult:
    """Load the counties `codes` (every county of the file when None), their townships and
    villages. Idempotent; names follow the file."""
    rows = read_divisions(csv_path)
    wanted_codes = set(codes) if codes is not None else set(county_codes(rows))
    unknown = wanted_codes - set(county_codes(rows))
    if unknown:
        raise ValueError(f"区划文件中没有这些区县代码：{'、'.join(sorted(unknown))}")
    result = LoadResult()

    counties = {c.code: c for c in County.objects.filter(code__in=wanted_codes)}
    for r in rows:
        if r["level"] != "county" or r["code"] not in wanted_codes:
            continue
        county = counties.get(r["code"])
        if county is None:
            counties[r["code"]] = County.objects.create(
                code=r["code"], name=r["name"], short_name=county_short_name(r["name"]), abbr=r["name"][:2]
            )
            result.created["county"] += 1
        elif county.name != r["name"]:
            county.name = r["name"]
            county.save(update_fields=["name"])
            result.renamed["county"] += 1

    township_rows = [r for r in rows if r["level"] == "township" and r["parent_code"] in wanted_codes]
    existing = {d.code: d for d in Division.objects.filter(county__code__in=wanted_codes, level=DivisionLevel.TOWNSHIP)}
    wanted = [
        Division(code=r["code"], name=r["name"], level=DivisionLevel.TOWNSHIP, county=counties[r["parent_code"]])
        for r in township_rows
    ]
    _upsert(existing, wanted, result, "township")

    townships = {
        d.code: d for d in Division.objects.filter(county__code__in=wanted_codes, level=DivisionLevel.TOWNSHIP)
    }
    existing = {d.code: d for d in Division.objects.filter(county__code__in=wanted_codes, level=DivisionLevel.VILLAGE)}
    wanted = [
        Division(
            code=r["code"],
            name=r["name"],
            level=DivisionLevel.VILLAGE,
            parent=townships[r["parent_code"]],
            county_id=townships[r["parent_code"]].county_id,
        )
        for r in rows
        if r["level"] == "village" and r["parent_code"] in townships
    ]
    _upsert(existing, wanted, result, "village")
    return result


def township_unit_name(division_name: str) -> str:
    """汉葭街道 → 汉葭街道办事处; 保家镇 → 保家镇人民政府."""
    return division_name + ("办事处" if division_name.endswith("街道") else "人民政府")


def county_unit_name(county: County, name: str) -> str:
    """The template's 县农业农村委 is 区农业农村委 in a district (区)."""
    if county.name.endswith("区") and name.startswith("县"):
        return "区" + name[1:]
    return name


def read_unit_template(csv_path: Path = COUNTY_UNITS_CSV) -> list[dict[str, str]]:
    with open(csv_path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


@transaction.atomic
def create_county_units(county: County) -> int:
    """One unit per township and per village of `county` (with its division's code), and
    the county-level units of the template. Units already there are kept as they are.
    Returns the number of units created."""
    have = set(Unit.objects.filter(county=county).values_list("code", flat=True))
    units = []
    for d in Division.objects.filter(county=county).order_by("level", "code"):
        if d.code in have:
            continue
        if d.level == DivisionLevel.TOWNSHIP:
            units.append(
                Unit(county=county, code=d.code, name=township_unit_name(d.name), kind=UnitKind.TOWNSHIP, division=d)
            )
        else:
            units.append(Unit(county=county, code=d.code, name=d.name, kind=UnitKind.VILLAGE, division=d))
    for row in read_unit_template():
        if row["code"] in have:
            continue
        units.append(
            Unit(
                county=county,
                code=row["code"],
                name=county_unit_name(county, row["name"]),
                kind=row["kind"],
                is_filing_body=row["is_filing_body"] == "1",
            )
        )
    Unit.objects.bulk_create(units, batch_size=1000)
    return len(units)


def default_county() -> County:
    """The county of the superuser without a unit and of the command line:
    DEFAULT_COUNTY_CODE (Pengshui unless set)."""
    return County.objects.get(code=settings.DEFAULT_COUNTY_CODE)
