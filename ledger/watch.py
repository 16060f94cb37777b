"""The data-quality watch (数据质量提醒): lists of what needs a unit's or the bureau's
attention, each a section with its count and a link to act on each item.

The ledger draws up the sections it can judge alone — classes the recorded facts no
longer allow (三–六), asset income recorded as unpaid, units whose three rates rose on
the previous week (二十二, 二十) — and adds those other apps register at the
`watch_items` extension point (the approvals: disposal steps late against the round,
revitalise and rebuild projects without progress, projects not surveyed by the round's
date). Every section is read in a fixed number of queries whatever the number of
projects; the same sections give the page `/watch/`, the count on the home page and the
summary sheet of the weekly workbook.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from typing import Any, overload

from django.db import connections, transaction
from django.db.models import Case, Count, Q, QuerySet, Sum, When
from django.urls import reverse

from ledger import access, extensions
from ledger.choices import Classification
from ledger.classification import CLASS_CHECK_NAMES, FACT_NAMES, MEASURES_FIELD, SUPPORT_FIELD, failing_classes
from ledger.extensions import WatchItem, WatchScope, WatchSection
from ledger.models import Project, Unit
from ledger.models.projects import project_field
from ledger.models.weekly import WeeklyReport
from ledger.weekly.figures import RATES, all_unit_figures, reporting_units, unit_figures, week_start

WATCH_LIMIT = 20  # items shown per section on the page; the rest behind "更多"
INCOME_FLAGS = ("linkage_no_income", "problem_dividend_short")  # what records income as unpaid


# ---- scopes -------------------------------------------------------------------------
def scope_for_user(user: Any) -> WatchScope:
    """What a user watches: the projects they see and the reporting units whose weekly
    figures they read (ledger.access)."""
    return WatchScope(
        projects=access.project_scope(user),
        units=access.weekly_units_scope(user),
        county_id=access.county_id_of(user),
        county_wide=access.sees_county_weekly(user),
    )


def scope_for_units(units: list[Unit] | None, county_id: int | None = None) -> WatchScope:
    """What the weekly workbook of `units` (None: the summary of `county_id`, of every
    county when None) watches."""
    if units is None:
        where = Q(county_id=county_id) if county_id is not None else Q()
        return WatchScope(projects=where, units=where, county_id=county_id, county_wide=True)
    projects = access.NOTHING
    for unit in units:
        projects |= access.unit_scope(unit)
    first = units[0].county_id if units else county_id
    return WatchScope(projects=projects, units=Q(pk__in=[u.pk for u in units]), county_id=first)


# ---- the ledger's own sections ------------------------------------------------------
class LazyItems(Sequence[WatchItem]):
    """A section's items read only when shown (D128): its count from `count`, a page of
    items from `page(start, stop)`. The home page shows counts only; the watch page a
    slice of each section."""

    def __init__(self, count: Callable[[], int], page: Callable[[int, int | None], list[WatchItem]]):
        self._count, self._page = count, page
        self._n: int | None = None

    def __len__(self) -> int:
        if self._n is None:
            self._n = self._count()
        return self._n

    @overload
    def __getitem__(self, index: int) -> WatchItem: ...
    @overload
    def __getitem__(self, index: slice) -> list[WatchItem]: ...
    def __getitem__(self, index: int | slice) -> WatchItem | list[WatchItem]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            return self._page(start, stop)[::step]
        if index < 0:
            index += len(self)
        found = self._page(index, index + 1)
        if not found:
            raise IndexError(index)
        return found[0]

    def __iter__(self) -> Iterator[WatchItem]:
        return iter(self._page(0, None))


# the text facts the classification test reads only as written or blank (classification._text)
TEXT_FACTS = {SUPPORT_FIELD, MEASURES_FIELD}
BLANK = r"^\s*$"  # what str.strip() leaves empty


def _class_groups(candidates: QuerySet[Project]) -> list[tuple[dict[str, Any], int, list[tuple[str, str, str]]]]:
    """The candidates grouped by every fact the classification test reads (a text fact as
    blank or not), each group as (its facts, its number of projects, its failures): one
    query, then the test once per group instead of once per project (D128)."""
    names = [*CLASS_CHECK_NAMES, *(n for n in FACT_NAMES if n not in TEXT_FACTS)]
    blank = {f"{n}__blank": Case(When(Q(**{f"{n}__regex": BLANK}), then=True), default=False) for n in TEXT_FACTS}
    groups = candidates.order_by().annotate(**blank).values(*names, *blank).annotate(n=Count("pk"))
    out = []
    for row in _hashed(groups):
        facts = {**row, **{n: "" if row[f"{n}__blank"] else "…" for n in TEXT_FACTS}}
        if found := failing_classes(facts):
            out.append((row, row["n"], found))
    return out


GROUPING_WORK_MEM = "16MB"


def _hashed(groups: QuerySet[Any, dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of the facts' GROUP BY. PostgreSQL estimates the groups as the product of
    the columns' distinct values (about as many as the projects), so with the default
    work_mem it sorts every project, spilling to disk (`Sort Method: external merge`, 347 ms
    at 100,000 projects); there are a few hundred groups, and with a little more memory for
    this one query it hashes them in memory instead (114 ms). SET LOCAL ends with the
    transaction, so no other query is affected."""
    connection = connections[groups.db]
    if connection.vendor != "postgresql":
        return list(groups)
    with transaction.atomic(using=groups.db), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL work_mem = '{GROUPING_WORK_MEM}'")
        return list(groups)


def _group_q(row: dict[str, Any]) -> Q:
    q = Q()
    for name, value in row.items():
        if name == "n":
            continue
        if name.endswith("__blank"):
            text = Q(**{f"{name.removesuffix('__blank')}__regex": BLANK})
            q &= text if value else ~text
        else:
            q &= Q(**{name: value})
    return q


def _candidates(projects: QuerySet[Project]) -> QuerySet[Project]:
    return projects.filter(exited_on__isnull=True).exclude(classification="", proposed_classification="")


def class_failures(projects: QuerySet[Project]) -> Iterator[tuple[Project, str, str, str]]:
    """Each class (in force, proposed) of the projects still in the ledger that the
    classification test no longer allows, as (project, which, class, why), by number: one
    query groups the projects by the facts the test needs, a second reads the projects
    of the groups that fail: the `check_classes` command, from the facts themselves (the
    watch reads the count each save keeps, D137)."""
    groups = _class_groups(_candidates(projects))
    if not groups:
        return
    where = Q(pk__in=[])
    for row, _, _ in groups:
        where |= _group_q(row)
    blank = {f"{n}__blank": Case(When(Q(**{f"{n}__regex": BLANK}), then=True), default=False) for n in TEXT_FACTS}
    keys = [k for k in groups[0][0] if k != "n"]
    failing = {tuple(row[k] for k in keys): found for row, _, found in groups}
    found_for = {
        r["pk"]: failing[tuple(r[k] for k in keys)]
        for r in _candidates(projects).filter(where).annotate(**blank).values("pk", *keys)
        if tuple(r[k] for k in keys) in failing
    }
    for project in Project.objects.filter(pk__in=found_for).select_related("managing_unit").order_by("number"):
        for which, cls, why in found_for[project.pk]:
            yield project, which, cls, why


def _project_item(project: Project, detail: str) -> WatchItem:
    return WatchItem(
        title=f"{project.number} {project.name}",
        detail=detail,
        url=reverse("project_detail", args=[project.pk]),
        place=project.managing_unit.name,
    )


def class_section(scope: WatchScope, today: date) -> WatchSection:
    """The projects whose stored count of failing classes is not nought (D137): counted and
    found through the small partial index over them, each one's reasons then given by the
    test itself."""
    faulty = Project.objects.filter(scope.projects, class_faults__gt=0, exited_on__isnull=True)

    def count() -> int:
        return faulty.aggregate(n=Sum("class_faults"))["n"] or 0

    def page(start: int, stop: int | None) -> list[WatchItem]:
        projects = faulty.select_related("managing_unit").order_by("number")
        # each project gives one item at least: the first `stop` of them hold items [start:stop]
        return [
            _project_item(project, f"{which}类别“{Classification(cls).label}”：{why}")
            for project in (projects[:stop] if stop is not None else projects)
            for which, cls, why in failing_classes(project)
        ][start:stop]

    return WatchSection(
        key="classes",
        order=10,
        title="分类与现有情况不符的项目",
        basis="三至六：项目现有情况已不符合其生效或拟认定类别的分类标准，请核实情况或重新申请分类。",
        action="打开项目",
        items=LazyItems(count, page),
    )


def income_section(scope: WatchScope, today: date) -> WatchSection:
    unpaid = Q()
    for name in INCOME_FLAGS:
        unpaid |= Q(**{name: True})
    projects = (
        Project.objects.filter(scope.projects, unpaid, exited_on__isnull=True)
        .select_related("managing_unit")
        .order_by("number")
    )
    labels = {name: str(project_field(name).verbose_name) for name in INCOME_FLAGS}

    def page(start: int, stop: int | None) -> list[WatchItem]:
        return [
            _project_item(p, "、".join(labels[name] for name in INCOME_FLAGS if getattr(p, name)))
            for p in projects[start:stop]
        ]

    return WatchSection(
        key="income",
        order=40,
        title="资产收益未足额分配的项目",
        basis="项目记载“未按约定及时足额分配资产收益”或“未足额分红”（附件1–3、附件5）：请督促按约定兑现收益。",
        action="打开项目",
        items=LazyItems(projects.count, page),
    )


def rising_rates(units: QuerySet[Unit], monday: date) -> list[tuple[Unit, list[tuple[str, str, str]]]]:
    """The units whose rates (停产闲置率, 经营困难率, 未发挥联农带农率) rose on the week before
    `monday`: this week's figures (as reported, or as they stand) against last week's
    report, as (unit, [(rate, last week, this week)]). A unit that did not report last
    week is not compared. One query for the reports, and the live figures of the units
    that have not reported this week: one query for one unit, two for more."""
    previous = monday - timedelta(days=7)
    reports = WeeklyReport.objects.filter(unit__in=units, week_start__in=[previous, monday]).select_related("unit")
    before: dict[int, dict[str, Any]] = {}
    now: dict[int, dict[str, Any]] = {}
    by_pk: dict[int, Unit] = {}
    for report in reports.order_by("unit__kind", "unit__code"):
        (before if report.week_start == previous else now)[report.unit_id] = report.figures
        by_pk[report.unit_id] = report.unit
    missing = [by_pk[pk] for pk in before if pk not in now]
    if len(missing) == 1:
        now[missing[0].pk] = unit_figures(missing[0], monday, provider=lambda unit, monday: "")
    elif missing:
        now.update(all_unit_figures(missing, monday))
    out = []
    for pk, last in before.items():
        rose = [
            (label, str(last.get(f"{key}_rate", "0.00")), str(now[pk].get(f"{key}_rate", "0.00")))
            for key, label in RATES
            if float(now[pk].get(f"{key}_rate", 0)) > float(last.get(f"{key}_rate", 0))
        ]
        if rose:
            out.append((by_pk[pk], rose))
    return out


def rates_section(scope: WatchScope, today: date) -> WatchSection:
    units = reporting_units().filter(scope.units)
    monday = week_start(today)
    url = reverse("weekly_county") if scope.county_wide else reverse("weekly_report")
    items = [
        WatchItem(
            title=unit.name,
            detail="；".join(f"{label}由{a}%升至{b}%" for label, a, b in rose),
            url=f"{url}?date={monday.isoformat()}",
            place="",
        )
        for unit, rose in rising_rates(units, monday)
    ]
    return WatchSection(
        key="rates",
        order=60,
        title="三率较上周上升的单位",
        basis="二十：停产闲置率、经营困难率、未按约定联农带农率应降至最低限度；本周（已报送的按报送数）较上周报送数上升。",
        action="打开周调度",
        items=items,
    )


LEDGER_SECTIONS = (class_section, income_section, rates_section)


# ---- all sections -------------------------------------------------------------------
def watch_sections(scope: WatchScope, today: date) -> list[WatchSection]:
    """Every section of the watch for `scope`, in the order of their `order`."""
    sections = [source(scope, today) for source in LEDGER_SECTIONS]
    for source in extensions.watch_items:
        sections.extend(source(scope, today))
    return sorted(sections, key=lambda s: s.order)
