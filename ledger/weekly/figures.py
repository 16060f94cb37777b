"""Reads for the weekly dispatch: the week and its deadline, and items 1–3 of each
unit's report, computed in one grouped query per kind of unit."""

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet

from ledger import extensions
from ledger.access import NOTHING, unit_scope
from ledger.choices import HALTED_STATUSES, Classification, Linkage, ProductionStatus, UnitKind
from ledger.extensions import WeeklyProgress, WeeklyProgressMany
from ledger.models import Project, Unit
from ledger.models.projects import SURVEYED

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEADLINE_WEEKDAY, DEADLINE_TIME = 3, time(16, 0)  # Thursday before 16:00 (二十二)
WEEKDAY_NAMES = "一二三四五六日"  # Monday first, as date.weekday() counts
DEADLINE_TEXT = f"周{WEEKDAY_NAMES[DEADLINE_WEEKDAY]}{DEADLINE_TIME:%H:%M}"  # 周四16:00
REPORTING_KINDS = (UnitKind.TOWNSHIP, UnitKind.DEPARTMENT)
DISPOSAL_CLASSES = (Classification.REVITALISE, Classification.REBUILD)
RATES = [("halted", "停产闲置率"), ("difficulty", "经营困难率"), ("linkage_failure", "未发挥联农带农率")]


def week_start(day: date) -> date:
    """The Monday of the week (Monday–Sunday) that contains `day`."""
    return day - timedelta(days=day.weekday())


def deadline(monday: date) -> datetime:
    """Thursday 16:00 Asia/Shanghai of the week starting `monday`."""
    return datetime.combine(monday + timedelta(days=DEADLINE_WEEKDAY), DEADLINE_TIME, tzinfo=SHANGHAI)


def complete_form_q() -> Q:
    """A project's form is complete when its profile is filled in (responsible unit,
    person and phone, construction content), its class is decided and its disposal
    measures are written; a class imported from a ledger whose conditions are still to be
    ticked on the form does not count yet, nor does a project not surveyed (its state, use,
    production and linkage still blank, Project.surveyed). The one definition of 台账建立 used by the
    weekly report."""
    return (
        ~Q(responsible_unit="")
        & ~Q(responsible_person="")
        & ~Q(responsible_phone="")
        & ~Q(construction_content="")
        & ~Q(classification="")
        & ~Q(measures="")
        & Q(class_conditions_pending=False)
        & SURVEYED
    )


def unit_scope_q(unit: Unit) -> Q:
    """The projects a reporting unit answers for (ledger.access.unit_scope, the data scope
    of its staff); none for a unit that does not report."""
    if unit.kind not in REPORTING_KINDS:
        return NOTHING
    return unit_scope(unit)


AGGREGATES = {
    "total": Count("pk"),
    "complete": Count("pk", filter=complete_form_q()),
    "surveyed": Count("pk", filter=SURVEYED),  # the rates' denominator: a project not surveyed counts in none
    "classified": Count("pk", filter=~Q(classification="")),
    "disposal_total": Count("pk", filter=Q(classification__in=DISPOSAL_CLASSES)),
    "disposal_with_measures": Count("pk", filter=Q(classification__in=DISPOSAL_CLASSES) & ~Q(measures="")),
    "halted": Count("pk", filter=Q(production_status__in=HALTED_STATUSES)),
    "difficulty": Count("pk", filter=Q(production_status=ProductionStatus.DIFFICULTY)),
    "linkage_failure": Count("pk", filter=Q(linkage=Linkage.INSUFFICIENT)),
}
EMPTY = dict.fromkeys(AGGREGATES, 0)


def rate(count: int, total: int) -> str:
    """A percentage with two decimals, as text so that JSON keeps it exact."""
    if not total:
        return "0.00"
    return str((Decimal(count) * 100 / Decimal(total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


PROGRESS_JOIN = "；"  # between the item-2 texts of several providers


def progress_provider() -> WeeklyProgress | None:
    """Item 2's progress text of one unit (二十二), from the `weekly_progress` extension
    point (the texts of several providers joined); None when nothing is registered."""
    if not len(extensions.weekly_progress):
        return None

    def joined(unit: Unit, monday: date) -> str:
        return PROGRESS_JOIN.join(text for provider in extensions.weekly_progress if (text := provider(unit, monday)))

    return joined


def finish(counts: dict, unit: Unit, monday: date, provider: WeeklyProgress | None) -> dict:
    figures = {**EMPTY, **{k: counts.get(k, 0) for k in AGGREGATES}}
    figures["unsurveyed"] = figures["total"] - figures["surveyed"]
    for key, _ in RATES:
        figures[f"{key}_rate"] = rate(figures[key], figures["surveyed"])
    figures["progress"] = provider(unit, monday) if provider else ""
    return figures


def unit_figures(unit: Unit, monday: date, provider: WeeklyProgress | None = None) -> dict:
    """Items 1–3 for one unit, in one aggregate query."""
    counts = Project.objects.filter(unit_scope_q(unit)).order_by().aggregate(**AGGREGATES)
    return finish(counts, unit, monday, provider if provider is not None else progress_provider())


def reporting_units(county_id: int | None = None) -> QuerySet[Unit]:
    """The units that report the week (二十二): of one county, or of every county (None:
    the schedule's reminders)."""
    units = Unit.objects.filter(kind__in=REPORTING_KINDS, active=True)
    if county_id is not None:
        units = units.filter(county_id=county_id)
    return units.order_by("-kind", "code")


def progress_many_provider() -> WeeklyProgressMany | None:
    """Item 2's text of many units at once (二十二), from the `weekly_progress_many`
    extension point; None when nothing is registered."""
    if not len(extensions.weekly_progress_many):
        return None

    def joined(units: Sequence[Unit], monday: date) -> dict[int, str]:
        found: dict[int, list[str]] = {}
        for provider in extensions.weekly_progress_many:
            for unit_id, text in provider(units, monday).items():
                found.setdefault(unit_id, []).extend([text] if text else [])
        return {unit_id: PROGRESS_JOIN.join(texts) for unit_id, texts in found.items()}

    return joined


def all_unit_figures(units: list[Unit], monday: date, many: WeeklyProgressMany | None = None) -> dict[int, dict]:
    """Items 1–3 for every reporting unit: one query grouped by township and managing unit,
    summed here by each; item 2's texts only when `many` gives them (progress_many_provider(), in a fixed
    number of queries more)."""
    texts = many(units, monday) if many else {}
    provider = lambda unit, monday: texts.get(unit.pk, "")  # noqa: E731
    counties = {u.county_id for u in units}
    by_township: dict[int | None, dict] = {}
    by_manager: dict[int | None, dict] = {}
    # one pass over the county's projects, grouped by township and managing unit together (D126)
    rows = Project.objects.filter(county_id__in=counties).order_by().values("township_id", "managing_unit_id")
    for row in rows.annotate(**AGGREGATES):
        for key, into in ((row["township_id"], by_township), (row["managing_unit_id"], by_manager)):
            sums = into.setdefault(key, dict.fromkeys(AGGREGATES, 0))
            for name in AGGREGATES:
                sums[name] += row[name]
    out = {}
    for unit in units:
        counts = (
            by_township.get(unit.division_id, {}) if unit.kind == UnitKind.TOWNSHIP else by_manager.get(unit.pk, {})
        )
        out[unit.pk] = finish(counts, unit, monday, provider)
    return out


def surveyed_of(figures: dict) -> int:
    """The surveyed projects of stored figures (those stored before the count was kept
    counted every project as surveyed)."""
    return int(figures.get("surveyed", figures.get("total", 0)))


def summary(figures: list[dict]) -> dict:
    """County totals of a list of unit figures; the rates over all the units' projects."""
    totals = {k: sum(f.get(k, 0) for f in figures) for k in AGGREGATES}
    totals["surveyed"] = sum(surveyed_of(f) for f in figures)
    for key, _ in RATES:
        totals[f"{key}_rate"] = rate(totals[key], totals["surveyed"])
    return totals
