"""Who may see and who may do what: the one module that reads a user's role.

Every other module asks a question of this one (`project_scope`, `can_edit_project`,
`acts_for` …) instead of comparing roles itself; templates get the answers through
`context_processor` as `may.<name>`. The rules follow the notice's division of work
(docs/architecture.md, "Access"):

* the county's roles (乡村振兴局, 领导小组办公室, the joint reviewers, the system
  administrator) see every project;
* a township (乡镇(街道)) sees the projects located in it, including its villages';
* a village committee (村(居)委会) sees its village's;
* a department (行业部门) sees the projects it manages; a department that is a filing
  body (二: 县农业农村委) also reads the whole county's ledger, statistics and monthly
  versions, read-only (`reads_county_reports`).

Approvals ask `acts_for(user, role, placed)`: whether the user acts, in that role, for
the unit an application (or anything with `village_id`, `township_id` and
`managing_unit_id`) belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject

from ledger.choices import CONFINED_ROLES, COUNTY_ROLES, ROLE_UNIT_KIND, DivisionLevel, ManagingLevel, Role, UnitKind
from ledger.models import County, Division, Project, Unit, User

NOTHING = Q(pk__in=[])
ALL_COUNTIES = Q()


class Placed(Protocol):
    """Anything located like a project: an application, a push, a notice's project."""

    village_id: int | None
    township_id: int | None
    managing_unit_id: int | None
    county_id: int | None


# ---- who the user is ------------------------------------------------------------------
def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


# ---- the county first (D113) -----------------------------------------------------------
# A county (区县) is a tenant: every scope below is limited to the user's county before
# anything else. The municipal office (市级) has no county and reads every county.
def is_municipal(user: Any) -> bool:
    """The municipal office (市级): reads every county's projects and reports, changes nothing."""
    return _active(user) and user.role == Role.MUNICIPAL and user.unit_id is not None


def county_of(user: Any) -> County | None:
    """The county `user` works in: their unit's; the default county (DEFAULT_COUNTY_CODE,
    Pengshui) for a superuser without a unit; None for the municipal office and anyone
    without a unit. Read once per user object."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if "_county" in user.__dict__:
        found: County | None = user.__dict__["_county"]
        return found
    county: County | None = None
    if user.unit_id is not None:
        county = user.unit.county
    elif user.is_superuser:
        county = County.objects.filter(code=settings.DEFAULT_COUNTY_CODE).first()
    user.__dict__["_county"] = county
    return county


def county_id_of(user: Any) -> int | None:
    if user is not None and getattr(user, "unit_id", None) is not None and "_county" not in user.__dict__:
        unit = user._state.fields_cache.get("unit")
        if unit is not None and "county" not in unit._state.fields_cache:
            return int(unit.county_id) if unit.county_id is not None else None
    county = county_of(user)
    return county.pk if county is not None else None


def county_q(user: Any, field: str = "county_id") -> Q:
    """The user's county as a filter on `field`: every county for the municipal office,
    nothing for a user with no county."""
    if not _active(user):
        return NOTHING
    if is_municipal(user):
        return ALL_COUNTIES
    county_id = county_id_of(user)
    return Q(**{field: county_id}) if county_id is not None else NOTHING


def same_county(user: Any, county_id: int | None) -> bool:
    """Whether something of `county_id` is in the user's county (the municipal office: any)."""
    if is_municipal(user):
        return True
    return county_id is not None and county_id == county_id_of(user)


def changes_nothing(user: Any) -> bool:
    """Read-only everywhere: the municipal office (市级)."""
    return is_municipal(user)


def is_county(user: Any) -> bool:
    """A county role: sees the whole county."""
    return _active(user) and (user.is_superuser or user.role in COUNTY_ROLES)


def is_bureau(user: Any) -> bool:
    """The county bureau (县乡村振兴局) or the system administrator."""
    return _active(user) and (user.is_superuser or user.role in (Role.BUREAU, Role.ADMIN))


def maintains_calendar(user: Any) -> bool:
    """Enters each year's holidays and make-up working days and marks the year complete
    (D9), and is reminded to from 1 November: the bureau (县乡村振兴局) and the system
    administrator."""
    return is_bureau(user)


def can_manage_rounds(user: Any) -> bool:
    """Who sets each year's round, its dates and the notice it is run under (时间安排,
    十六–二十): the county bureau (县乡村振兴局), which pushes the projects and runs the campaign."""
    return is_bureau(user)


def is_office(user: Any) -> bool:
    """The leading-group office (县领导小组办公室)."""
    return _active(user) and user.role == Role.OFFICE


def can_number_letters(user: Any) -> bool:
    """Who configures the 文号 of the county's decision letters (批复, 十四): the leading-group
    office, which issues them."""
    return is_office(user)


def is_reviewer(user: Any) -> bool:
    """A joint reviewer: finance, audit or discipline inspection (财政、审计、纪检监察)."""
    return _active(user) and user.role == Role.REVIEWER and user.unit_id is not None


def is_filing_unit(user: Any) -> bool:
    """A township or a department: files applications, holds party-committee meetings,
    posts notices and reports the week (二十二)."""
    return _active(user) and user.role in (Role.TOWNSHIP, Role.DEPARTMENT) and user.unit_id is not None


def reads_county_reports(user: Any) -> bool:
    """The county's reports — the ledger (附件5), the statistics (附件4) and their monthly
    versions (二十二) — for the whole county, read-only: the county's roles, and the staff
    of a filing body (二: "报县乡村振兴局、县农业农村委备案"). A filing body's staff edit,
    file and approve only their own unit's projects, as any department."""
    if is_county(user):
        return True
    return _active(user) and user.role == Role.DEPARTMENT and user.unit is not None and bool(user.unit.is_filing_body)


# ---- the three administrators (三员分立) -----------------------------------------------
# GB/T 22239-2019 keeps the system, the security and the audit administrator apart: the
# system administrator manages units and users (the admin site) but never reads the audit
# trail; the security administrator lifts lockouts and resets passwords; the audit
# administrator reads the audit trail and nothing else. The last two see no project data:
# every page but their own refuses them (pengshui.middleware.RoleConfinementMiddleware).
def manages_accounts(user: Any) -> bool:
    """The system administrator: units and users in the admin site."""
    return _active(user) and user.role not in CONFINED_ROLES and (user.is_superuser or user.role == Role.ADMIN)


def manages_security(user: Any) -> bool:
    """The security administrator: lifts log-in lockouts and resets passwords."""
    return _active(user) and user.role == Role.SECURITY and not user.is_staff and not user.is_superuser


def reads_audit_trail(user: Any) -> bool:
    """The audit administrator, and nobody else, reads (and exports) the audit trail."""
    return _active(user) and user.role == Role.AUDITOR and not user.is_staff and not user.is_superuser


# The pages each confined administrator may open (URL names); log-out and the password
# change are open to everyone who is logged in.
CONFINED_PAGES: dict[str, frozenset[str]] = {
    Role.SECURITY: frozenset({"security_lockouts", "security_unlock", "security_password"}),
    Role.AUDITOR: frozenset({"audit_trail", "audit_export"}),
}
OPEN_TO_ALL = frozenset({"logout", "login", "password_change", "password_change_done"})


def confined_pages(user: Any) -> frozenset[str] | None:
    """The only pages `user` may open, or None for a user not confined to a few pages."""
    if not _active(user) or user.role not in CONFINED_ROLES:
        return None
    return CONFINED_PAGES[user.role] | OPEN_TO_ALL


def start_page(user: Any) -> str | None:
    """Where a confined administrator's home page leads (a URL name), None for others."""
    if not _active(user):
        return None
    return {Role.SECURITY: "security_lockouts", Role.AUDITOR: "audit_trail"}.get(user.role)


# ---- who sees which projects ----------------------------------------------------------
def project_scope(user: Any) -> Q:
    """The data-scope rule: a Q that selects the projects `user` may see."""
    if not _active(user):
        return NOTHING
    if is_municipal(user):
        return ALL_COUNTIES
    if is_county(user):
        return county_q(user)
    unit = user.unit
    if unit is None:
        return NOTHING
    if user.role == Role.TOWNSHIP:
        return Q(township_id=unit.division_id)
    if user.role == Role.VILLAGE:
        return Q(village_id=unit.division_id)
    if user.role == Role.DEPARTMENT:
        return Q(managing_unit_id=unit.pk)
    return NOTHING


def projects_for(user: Any) -> QuerySet[Project]:
    return Project.objects.filter(project_scope(user)).select_related("township", "village", "managing_unit", "county")


def report_scope(user: Any) -> Q:
    """The projects the user's reports (附件4, 附件5) may cover: the whole county for those
    who read the county's reports, otherwise the projects the user sees."""
    return county_q(user) if reads_county_reports(user) else project_scope(user)


def project_for(user: Any, pk: int) -> Project:
    """One project the user may see; 404 for any other, so its existence is not revealed."""
    return get_object_or_404(projects_for(user), pk=pk)


def home_division(user: Any) -> Division | None:
    """The township or the village a township's or a village committee's user works in;
    None for the county's roles, a department, or a user without a place."""
    if not _active(user) or user.role not in (Role.TOWNSHIP, Role.VILLAGE) or user.unit_id is None:
        return None  # asked before the unit is read: no query for the county's roles
    if not user.unit.division_id:
        return None
    division: Division = user.unit.division
    return division


# The role whose view of the projects a unit of each kind has.
UNIT_KIND_ROLE: dict[str, str] = {
    kind: role for role, kind in ROLE_UNIT_KIND.items() if role not in (Role.ADMIN, *CONFINED_ROLES)
}


def unit_user(unit: Unit) -> User:
    """An unsaved user of `unit` with the role of its kind: sees what the unit's staff see."""
    return User(username=f"unit:{unit.code}", unit=unit, role=UNIT_KIND_ROLE[UnitKind(unit.kind)], is_active=True)


def unit_scope(unit: Unit) -> Q:
    """The projects a unit answers for: what its staff see (the same rule)."""
    if unit.kind in (UnitKind.BUREAU, UnitKind.OFFICE, UnitKind.REVIEW):
        return Q(county_id=unit.county_id)
    if unit.kind == UnitKind.MUNICIPAL:
        return ALL_COUNTIES
    return project_scope(unit_user(unit))


@dataclass(frozen=True)
class PlaceChoices:
    """The townships, villages and units a user may pick in a form or a filter, the one
    managing level they file under (a village's or a department's), and where a new
    project of theirs starts."""

    townships: QuerySet[Division]
    villages: QuerySet[Division]
    units: QuerySet[Unit]
    managing_level: str | None = None
    default_township: int | None = None
    default_village: int | None = None
    default_unit: int | None = None


def place_choices(user: Any, *, active_units_only: bool = False) -> PlaceChoices:
    """What `user` may choose as a project's township, village and managing unit: the
    same places the data scope shows them."""
    in_county = county_q(user)
    townships = Division.objects.filter(in_county, level=DivisionLevel.TOWNSHIP)
    villages = Division.objects.filter(in_county, level=DivisionLevel.VILLAGE).select_related("parent")
    units = Unit.objects.filter(in_county, kind__in=[UnitKind.TOWNSHIP, UnitKind.VILLAGE, UnitKind.DEPARTMENT])
    if active_units_only:
        units = units.filter(active=True)
    if is_county(user) or is_municipal(user):
        return PlaceChoices(townships, villages, units)
    if not _active(user) or user.unit_id is None:
        return PlaceChoices(townships.none(), villages.none(), units.none())
    division = user.unit.division_id
    if user.role == Role.TOWNSHIP:
        return PlaceChoices(
            townships.filter(pk=division),
            villages.filter(parent_id=division),
            units.filter(Q(division_id=division) | Q(division__parent_id=division) | Q(kind=UnitKind.DEPARTMENT)),
            default_township=division,
        )
    if user.role == Role.VILLAGE:
        return PlaceChoices(
            townships.filter(villages__pk=division),
            villages.filter(pk=division),
            units.filter(division_id=division),
            managing_level=ManagingLevel.VILLAGE,
            default_township=user.unit.division.parent_id,
            default_village=division,
            default_unit=user.unit_id,
        )
    if user.role == Role.DEPARTMENT:
        return PlaceChoices(
            townships,
            villages,
            units.filter(pk=user.unit_id),
            managing_level=ManagingLevel.DEPARTMENT,
            default_unit=user.unit_id,
        )
    return PlaceChoices(townships.none(), villages.none(), units.none())


# ---- who may do what to a project -----------------------------------------------------
def can_create_project(user: Any) -> bool:
    return (
        _active(user)
        and not is_municipal(user)
        and (user.is_superuser or user.role in (Role.TOWNSHIP, Role.VILLAGE, Role.DEPARTMENT, Role.BUREAU, Role.ADMIN))
    )


def can_edit_project(user: Any, project: Project) -> bool:
    """Who may change a project's facts: the units that survey and file it (十二): the
    township for projects in its area, the village for its own village-level projects,
    the department for those it manages, and the county bureau; never read-only roles."""
    if not _active(user) or not Project.objects.filter(project_scope(user), pk=project.pk).exists():
        return False
    if is_municipal(user):
        return False
    if is_bureau(user):
        return True
    if user.role in (Role.TOWNSHIP, Role.DEPARTMENT):
        return True
    if user.role == Role.VILLAGE:
        return bool(project.managing_level == ManagingLevel.VILLAGE)
    return False


FIELD_ROLES = (Role.TOWNSHIP, Role.VILLAGE, Role.DEPARTMENT)


def can_record_survey(user: Any, project: Project) -> bool:
    """Who records a field survey (实地调研, 十二: "各项目主管单位……组织专业力量进行实地
    调研"): the field roles of the unit that may change the project's facts — the township
    in its area, the village for its own village-level projects, the department for those
    it manages. The county reads surveys but does not make them."""
    return _active(user) and user.role in FIELD_ROLES and can_edit_project(user, project)


def can_read_survey(user: Any, project: Project) -> bool:
    """Who reads a project's field surveys and their reports: whoever sees the project."""
    return _active(user) and Project.objects.filter(project_scope(user), pk=project.pk).exists()


def can_reassign_projects(user: Any) -> bool:
    """Who may change which unit manages a project (its managing level and unit): the
    county bureau, which pushes projects to their units (十一); never a unit's form."""
    return _active(user) and is_bureau(user)


def filing_place_errors(
    user: Any, *, township: Division | None, village: Division | None, level: str, unit: Unit | None
) -> dict[str, str]:
    """Where a unit may place the projects it files: its own township, village or
    department (Chinese messages, by field)."""
    errors: dict[str, str] = {}
    if user is not None and _active(user):
        county_id = county_id_of(user)
        for name, place in (("township", township), ("village", village), ("managing_unit", unit)):
            if place is not None and county_id is not None and place.county_id != county_id:
                errors[name] = "只能选择本区县的地点和单位。"
    if user is None or is_county(user) or not user.unit_id:
        return errors
    if user.role == Role.TOWNSHIP and township is not None and township.pk != user.unit.division_id:
        errors["township"] = f"只能填报本乡镇(街道)（{user.unit.name}）的项目。"
    if user.role == Role.VILLAGE:
        if village is None or village.pk != user.unit.division_id:
            errors["village"] = f"只能填报本村(居)（{user.unit.name}）的项目。"
        if level and level != ManagingLevel.VILLAGE:
            errors["managing_level"] = "村(居)委会只能填报村本级主管和实施项目。"
    if user.role == Role.DEPARTMENT and (level != ManagingLevel.DEPARTMENT or (unit and unit.pk != user.unit_id)):
        errors["managing_unit"] = f"行业部门只能填报本部门（{user.unit.name}）主管的项目。"
    return errors


def can_import(user: Any) -> bool:
    """The county bureau imports and pushes (十一); None is the command line."""
    return user is None or (is_bureau(user) and county_id_of(user) is not None)


def can_confirm_push(user: Any, push_unit_id: int) -> bool:
    """The unit a project was pushed to confirms its survey (十一); so may the bureau."""
    return _active(user) and (user.unit_id == push_unit_id or is_bureau(user)) and not is_municipal(user)


def has_push_inbox(user: Any) -> bool:
    """Units that receive pushed projects to survey (十一)."""
    return is_filing_unit(user)


# ---- weekly dispatch (二十二) ---------------------------------------------------------
def can_submit_weekly(user: Any, unit: Unit, reporting_kinds: frozenset[str] | tuple[str, ...]) -> bool:
    """A township's or a department's user reports their own unit's week (二十二). An
    inactive account may too: the demo files its past weeks through stand-in accounts
    that cannot log in."""
    return (
        user is not None
        and user.is_authenticated
        and user.role in (Role.TOWNSHIP, Role.DEPARTMENT)
        and user.unit_id == unit.pk
        and unit.kind in reporting_kinds
    )


def sees_county_weekly(user: Any) -> bool:
    return is_county(user)


def can_remind_weekly(user: Any) -> bool:
    """The county bureau, which gathers the weekly dispatch, and the leading-group office
    remind the units that have not submitted the week's report (二十二)."""
    return is_bureau(user) or is_office(user)


def weekly_units_scope(user: Any) -> Q:
    """The reporting units whose weekly figures a user watches (数据质量提醒): every unit for
    the county's roles, their own for a township's or a department's user, none for
    anyone else."""
    if is_county(user) or is_municipal(user):
        return county_q(user)
    if is_filing_unit(user):
        return Q(pk=user.unit_id)
    return NOTHING


# ---- monthly versions -----------------------------------------------------------------
def snapshot_unit_scope(user: Any) -> Q:
    """The stored monthly versions a user may download, as a filter on their unit: county
    roles and a filing body's staff all; a township or a department its own unit's. A
    village none: a township's version lists every village's projects, and the village's
    own ledger is its current export (docs/decisions.md, "Monthly versions follow the
    project scope")."""
    if reads_county_reports(user) or is_municipal(user):
        return county_q(user)
    if not _active(user) or user.unit_id is None:
        return NOTHING
    if user.role in (Role.TOWNSHIP, Role.DEPARTMENT):
        return Q(unit_id=user.unit_id)
    return NOTHING


def can_generate_snapshots(user: Any) -> bool:
    """The county bureau (县乡村振兴局) files the monthly versions (二十二); it may make
    them from the page as well as the schedule does, and make a month again."""
    return is_bureau(user)


# ---- approvals: acting for a unit ---------------------------------------------------
def acts_for(user: Any, role: str, placed: Placed) -> bool:
    """Whether `user` acts in `role` for the unit `placed` belongs to: the village
    committee of its village, its township, its managing department, or (the office)
    the whole county."""
    if not _active(user) or user.role != role or user.unit_id is None:
        return False
    if role == Role.VILLAGE:
        return placed.village_id is not None and user.unit.division_id == placed.village_id
    if role == Role.TOWNSHIP:
        return bool(user.unit.division_id == placed.township_id)
    if role == Role.DEPARTMENT:
        return bool(user.unit_id == placed.managing_unit_id)
    return role == Role.OFFICE and same_county(user, placed.county_id)


def acts_for_q(user: Any, role: str, county_field: str = "county_id") -> Q:
    """`acts_for` as a filter on anything placed like a project (for inboxes); the office
    acts for its county's (`county_field`)."""
    if not _active(user) or user.role != role or user.unit_id is None:
        return NOTHING
    if role == Role.VILLAGE:
        return Q(village_id=user.unit.division_id)
    if role == Role.TOWNSHIP:
        return Q(township_id=user.unit.division_id)
    if role == Role.DEPARTMENT:
        return Q(managing_unit_id=user.unit_id)
    return county_q(user, county_field) if role == Role.OFFICE else NOTHING


def users_acting_for(role: str, placed: Placed) -> QuerySet[User]:
    """The active users who act in `role` for the unit `placed` belongs to: `acts_for` the
    other way round, for those who are told that something waits for them."""
    users = User.objects.filter(is_active=True, role=role, unit__isnull=False)
    if role == Role.VILLAGE:
        return users.filter(unit__division_id=placed.village_id) if placed.village_id else users.none()
    if role == Role.TOWNSHIP:
        return users.filter(unit__division_id=placed.township_id) if placed.township_id else users.none()
    if role == Role.DEPARTMENT:
        return users.filter(unit_id=placed.managing_unit_id) if placed.managing_unit_id else users.none()
    if role == Role.OFFICE and placed.county_id is not None:
        return users.filter(unit__county_id=placed.county_id)
    return users.none()


def office_staff(county_id: int | None = None) -> QuerySet[User]:
    """The active users of a county's leading-group office (县领导小组办公室): act for the
    county (every county's for None)."""
    users = User.objects.filter(is_active=True, role=Role.OFFICE, unit__isnull=False)
    return users if county_id is None else users.filter(unit__county_id=county_id)


def filing_staff(county_id: int | None = None) -> QuerySet[User]:
    """The active users of every township and department of a county (`is_filing_unit`;
    every county's for None): they run the round's work in their area (十六–二十)."""
    users = User.objects.filter(is_active=True, unit__isnull=False, role__in=(Role.TOWNSHIP, Role.DEPARTMENT))
    return users if county_id is None else users.filter(unit__county_id=county_id)


def unit_staff(unit_id: int | None) -> QuerySet[User]:
    """The active users who act for a township or a department (`is_filing_unit`): who
    receives its pushed projects, reports its week and posts its notices."""
    if unit_id is None:
        return User.objects.none()
    return User.objects.filter(is_active=True, unit_id=unit_id, role__in=(Role.TOWNSHIP, Role.DEPARTMENT))


# ---- meetings: the county's decisions -----------------------------------------------
def reads_county_minutes(user: Any) -> bool:
    """The minutes of the county leading group's meeting record every unit's decisions
    in one file: only the county's roles download them. A unit reads its own decisions in
    the county's letter to it (批复, 十四)."""
    return is_county(user)


def acts_for_unit(user: Any, unit_id: int | None) -> bool:
    """The office, or the filing unit itself (posting its notice, recording objections)."""
    return is_office(user) or (is_filing_unit(user) and user.unit_id == unit_id)


def own_unit_scope(user: Any, field: str = "unit_id") -> Q:
    """County roles see all their county's (the municipal office every county's); anyone
    else the rows of their own unit."""
    if is_county(user) or is_municipal(user):
        return county_q(user, "county_id" if field == "pk" else field.removesuffix("_id") + "__county_id")
    if not _active(user) or user.unit_id is None:
        return NOTHING
    return Q(**{field: user.unit_id})


# ---- background jobs and the archive package ------------------------------------------
def can_request_archive(user: Any, unit: Any) -> bool:
    """A unit's archive package (附件6, 二十三) holds every document the unit filed: only the
    unit's own users and the county bureau may ask for it; the county's package (`unit`
    None) only the bureau. Other county roles read the catalogue, not the package; the
    security and the audit administrators (confined to their own pages) neither."""
    if not _active(user) or user.role in CONFINED_ROLES or is_municipal(user):
        return False
    if is_bureau(user):
        return unit is None or same_county(user, unit.county_id)
    if unit is not None and unit.kind in (UnitKind.BUREAU, UnitKind.OFFICE, UnitKind.REVIEW):
        return False  # a county unit's package is the whole county's: the bureau's alone
    return unit is not None and user.unit_id is not None and user.unit_id == unit.pk


def jobs_for(user: Any) -> Q:
    """A background job and its file belong to the user who asked for it, within the unit
    scope it was asked in: nobody else sees them, a county role included."""
    if not _active(user):
        return NOTHING
    return Q(requested_by_id=user.pk)


def help_role(user: Any) -> str | None:
    """The role whose steps the help page shows first: the administrator works as the
    bureau; the confined administrators have no steps of the notice."""
    if not _active(user) or user.role in CONFINED_ROLES:
        return None
    return str(Role.BUREAU) if user.is_superuser or user.role == Role.ADMIN else str(user.role)


# ---- what templates may show ------------------------------------------------------------
def permissions(user: Any) -> dict[str, bool]:
    """Named permissions for templates (`may.import_projects` …); templates never read roles."""
    return {
        "county": is_county(user),
        "import_projects": _active(user) and can_import(user),
        "push_inbox": has_push_inbox(user),
        "weekly_report": is_filing_unit(user),
        "weekly_county": sees_county_weekly(user),
        "weekly_remind": can_remind_weekly(user),
        "decide": is_office(user),
        "manage_rounds": can_manage_rounds(user),
        "number_letters": can_number_letters(user),
        "create_project": can_create_project(user),
        "maintain_calendar": maintains_calendar(user),
        "manage_accounts": manages_accounts(user),
        "manage_security": manages_security(user),
        "read_audit_trail": reads_audit_trail(user),
        "generate_snapshots": can_generate_snapshots(user),
        "archive_package": can_request_archive(user, None if is_county(user) else getattr(user, "unit", None)),
    }


def context_processor(request: HttpRequest) -> dict[str, dict[str, bool]]:
    return {"may": permissions(getattr(request, "user", None))}


def shown_county(user: Any) -> County | None:
    """The county whose name the pages carry: the user's, or the default county before
    log-in; None for the municipal office, whose pages name 重庆市."""
    if is_municipal(user):
        return None
    county = county_of(user)
    if county is None:
        county = County.objects.filter(code=settings.DEFAULT_COUNTY_CODE).first()
    return county


MUNICIPALITY = "重庆市"
# The municipal office's unit (市级, D116): the name its workbooks and `add_municipal_user` use.
MUNICIPAL_OFFICE = "重庆市乡村振兴局"


def shown_county_name(user: Any) -> str:
    """The name titles carry: the county's (彭水自治县), 重庆市 for the municipal office."""
    county = shown_county(user)
    return county.short_name if county is not None else MUNICIPALITY


def county_context_processor(request: HttpRequest) -> dict[str, Any]:
    """`county` (the County) and `county_name` (彭水自治县; 重庆市 for the municipal office)
    for every template; read lazily, so a page that names no county makes no query."""
    user = getattr(request, "user", None)

    def name() -> str:
        return shown_county_name(user)

    def abbr() -> str:
        county = shown_county(user)
        return county.abbr if county is not None else MUNICIPALITY

    return {
        "municipal_user": is_municipal(user),
        "county": SimpleLazyObject(lambda: shown_county(user)),
        "county_name": SimpleLazyObject(name),
        "county_abbr": SimpleLazyObject(abbr),
    }
