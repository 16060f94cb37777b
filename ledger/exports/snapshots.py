"""Monthly versions of the ledger and the statistics table (二十二: in the first week
of each month both are updated; keep each month's version)."""

from datetime import date
from io import BytesIO

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from ledger.access import can_generate_snapshots, county_of, snapshot_unit_scope
from ledger.choices import UnitKind
from ledger.exports.ledger_xlsx import write_ledger
from ledger.exports.scope import scope_for_unit
from ledger.exports.statistics import write_statistics
from ledger.models import County, MonthlySnapshot, Unit, User
from ledger.models.snapshots import SnapshotKind


def month_start(text: str | None, today: date) -> date:
    """'2026-11' → 2026-11-01; None → the first day of today's month. ValueError if bad."""
    if not text:
        return today.replace(day=1)
    year, month = text.split("-")
    if len(year) != 4 or len(month) != 2:
        raise ValueError(text)
    return date(int(year), int(month), 1)


def snapshot_units(county: County) -> list[Unit | None]:
    """Every township and department of the county, and the county (None)."""
    units = Unit.objects.filter(county=county, kind__in=[UnitKind.TOWNSHIP, UnitKind.DEPARTMENT], active=True)
    return [*units.select_related("division", "county").order_by("kind", "code"), None]


def _render(kind: str, unit: Unit | None, day: date, county: County) -> bytes:
    scope = scope_for_unit(unit, county)
    buf = BytesIO()
    if kind == SnapshotKind.LEDGER:
        write_ledger(buf, scope.projects, unit_name=scope.unit_name, updated=day, county_name=scope.county_name)
    else:
        write_statistics(
            buf,
            scope.projects,
            unit_name=scope.unit_name,
            group_by=scope.group_by,
            township=scope.township,
            updated=day,
            county=county,
        )
    return buf.getvalue()


def snapshot_filename(kind: str, unit: Unit | None, month: date, county: County | None = None) -> str:
    scope_name = scope_for_unit(unit, county).slug
    return f"{SnapshotKind(kind).label}_{scope_name}_{month:%Y-%m}.xlsx"


def snapshot_monthly(
    *, month: date, today: date, by: User | None = None, regenerate: bool = False, county: County | None = None
) -> list[MonthlySnapshot]:
    """Store the month's ledger and statistics for every township, department and the
    county, of `county` or (the schedule) of every county; a version already stored is
    kept as it is, unless `regenerate`: then each new file is stored beside it and the old
    one marked replaced (二十二: keep each month's version; nothing is overwritten). `by` is
    the user who asked (None: the schedule). Returns the new ones."""
    counties = [county] if county is not None else list(County.objects.order_by("code"))
    created = []
    for one in counties:
        created += _snapshot_county(one, month=month, today=today, by=by, regenerate=regenerate)
    return created


def _snapshot_county(
    county: County, *, month: date, today: date, by: User | None, regenerate: bool
) -> list[MonthlySnapshot]:
    existing = {
        (s.unit_id, s.kind)
        for s in MonthlySnapshot.objects.filter(county=county, month=month, replaced_at=None).only("unit_id", "kind")
    }
    created = []
    for unit in snapshot_units(county):
        for kind in SnapshotKind:
            key = (unit.pk if unit else None, kind.value)
            if key in existing and not regenerate:
                continue
            snap = MonthlySnapshot(county=county, month=month, unit=unit, kind=kind, created_by=by)
            content = ContentFile(_render(kind, unit, today, county))
            snap.file.save(snapshot_filename(kind, unit, month, county), content, save=False)
            try:
                with transaction.atomic():
                    if regenerate:
                        current = MonthlySnapshot.objects.select_for_update().filter(
                            county=county, month=month, unit=unit, kind=kind, replaced_at=None
                        )
                        current.update(replaced_at=timezone.now())
                    snap.save()
            except IntegrityError:  # stored meanwhile by another run
                snap.file.delete(save=False)
                continue
            created.append(snap)
    return created


def snapshot_generate(*, by: User, month: date, today: date, regenerate: bool = False) -> list[MonthlySnapshot]:
    """The bureau makes the month's versions from the monthly versions page, as the
    schedule does (ledger.tasks.monthly_versions); refused to anyone else."""
    if not can_generate_snapshots(by):
        raise PermissionDenied("只有县乡村振兴局可以生成月度报表。")
    county = county_of(by)
    if county is None:
        raise PermissionDenied("只有县乡村振兴局可以生成月度报表。")
    return snapshot_monthly(month=month, today=today, by=by, regenerate=regenerate, county=county)


def snapshots_for(user: User) -> QuerySet[MonthlySnapshot]:
    """The stored versions a user may download (ledger.access.snapshot_unit_scope)."""
    return MonthlySnapshot.objects.filter(snapshot_unit_scope(user)).select_related("unit")
