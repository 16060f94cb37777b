"""Which projects an export covers, and what the table is called.

Every export is for a scope: a user's own (ledger.access.projects_for), optionally
narrowed to one township or one managing department, or a unit's (for the management
commands). A unit's scope is the one its staff see: the same rule, ledger.access.unit_scope.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from ledger.access import (
    MUNICIPALITY,
    county_of,
    home_division,
    is_county,
    is_municipal,
    project_scope,
    reads_county_reports,
    report_scope,
    unit_scope,
)
from ledger.choices import DivisionLevel, UnitKind
from ledger.models import County, Division, Project, Unit, User

# The title of a table names the county (D113); Pengshui's when no county is known.
COUNTY_NAME = "彭水自治县"


@dataclass
class Scope:
    projects: QuerySet[Project]
    unit_name: str  # 填报单位
    group_by: str  # statistics rows: "township" or "village"
    slug: str  # for file names
    township: Division | None = None  # set when the scope is inside one township
    county: County | None = None  # the county whose tables these are
    county_name: str = COUNTY_NAME  # as titles write it (彭水自治县)


def _base(qs: QuerySet[Project]) -> QuerySet[Project]:
    return qs.select_related("township", "village", "managing_unit", "county").order_by("township_code", "number")


def default_county() -> County | None:
    return County.objects.filter(code=settings.DEFAULT_COUNTY_CODE).first()


def scope_for_unit(unit: Unit | None, county: County | None = None) -> Scope:
    """The whole of `county` (the default county, Pengshui, unless given) for None, the
    whole of the unit's county for a county unit; else the unit's projects."""
    if unit is not None and unit.county_id is not None:
        county = unit.county
    elif county is None:
        county = default_county()
    name = county.short_name if county is not None else COUNTY_NAME
    if unit is None or unit.kind in (UnitKind.BUREAU, UnitKind.OFFICE, UnitKind.REVIEW):
        whole = Project.objects.filter(county=county)
        return Scope(_base(whole), name, "township", "县级", county=county, county_name=name)
    qs = _base(Project.objects.filter(unit_scope(unit)))
    division = unit.division
    if unit.kind == UnitKind.TOWNSHIP and division is not None:
        return Scope(qs, unit.name, "village", division.name, township=division, county=county, county_name=name)
    if unit.kind == UnitKind.VILLAGE and division is not None:
        return Scope(
            qs, unit.name, "village", division.short_name, township=division.parent, county=county, county_name=name
        )
    return Scope(qs, unit.name, "township", unit.name, county=county, county_name=name)


def scope_for_user(
    user: User, *, township: Division | None = None, department: Unit | None = None, reports: bool = False
) -> Scope:
    """The user's own projects, optionally only one township's or one department's. With
    `reports` (the ledger and the statistics), the whole county for those who read the
    county's reports (ledger.access.reads_county_reports: the county's roles and a filing
    body); otherwise what the user sees (ledger.access.projects_for)."""
    county = reads_county_reports(user) if reports else is_county(user)
    qs = _base(Project.objects.filter(report_scope(user) if reports else project_scope(user)))
    home_county = county_of(user)
    municipal = is_municipal(user)
    county_name = home_county.short_name if home_county is not None else MUNICIPALITY if municipal else COUNTY_NAME
    unit = None if county else user.unit
    if unit is None:
        name, slug = county_name, "县级"
    else:
        name = unit.name
        slug = unit.division.name if unit.division is not None else unit.name
    # a township's or a village's own tables list its villages; inside a township, its name
    home = home_division(user)
    group_by = "township" if home is None else "village"
    if municipal:
        group_by = "county"  # the municipal table: a row per county (D116)
    inside = home if home is not None and home.level == DivisionLevel.TOWNSHIP else None
    if township is not None:
        qs = qs.filter(township=township)
        group_by, inside, slug = "village", township, township.name
        if county:
            name = township.name
    if department is not None:
        qs = qs.filter(managing_unit=department)
        slug = department.name if township is None else f"{slug}_{department.name}"
        if county and township is None:
            name = department.name
    return Scope(qs, name, group_by, slug, township=inside, county=home_county, county_name=county_name)


def unit_by_code(code: str | None) -> Unit | None:
    """The unit with this code (a division code or a department's short code), or None
    for no code; raises Unit.DoesNotExist for an unknown code."""
    if not code:
        return None
    return Unit.objects.select_related("division", "division__parent", "county").get(code=code)


def unit_in_county(code: str | None, county: County) -> Unit | None:
    """The unit with this code in `county` (codes are unique per county, D113)."""
    if not code:
        return None
    return Unit.objects.select_related("division", "division__parent", "county").get(county=county, code=code)
