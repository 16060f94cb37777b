"""Monthly versions of the ledger and the statistics table (二十二: in the first week
of each month both are updated; keep each month's version)."""

from datetime import date
from io import BytesIO

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from ledger.access import can_generate_snapshots, snapshot_unit_scope
from ledger.choices import UnitKind
from ledger.exports.ledger_xlsx import write_ledger
from ledger.exports.scope import scope_for_unit
from ledger.exports.statistics import write_statistics
from ledger.models import MonthlySnapshot, Unit, User
from ledger.models.snapshots import SnapshotKind


def month_start(text: str | None, today: date) -> date:
    """'2026-11' → 2026-11-01; None → the first day of today's month. ValueError if bad."""
    if not text:
        return today.replace(day=1)
    year, month = text.split("-")
    if len(year) != 4 or len(month) != 2:
        raise ValueError(text)
    return date(int(year), int(month), 1)


def snapshot_units() -> list[Unit | None]:
    """Every township, every department, and the county (None)."""
    units = Unit.objects.filter(kind__in=[UnitKind.TOWNSHIP, UnitKind.DEPARTMENT], active=True)
    return [*units.select_related("division").order_by("kind", "code"), None]


def _render(kind: str, unit: Unit | None, day: date) -> bytes:
    scope = scope_for_unit(unit)
    buf = BytesIO()
    if kind == SnapshotKind.LEDGER:
        write_ledger(buf, scope.projects, unit_name=scope.unit_name, updated=day)
    else:
        write_statistics(
            buf,
            scope.projects,
            unit_name=scope.unit_name,
            group_by=scope.group_by,
            township=scope.township,
            updated=day,
        )
    return buf.getvalue()


def snapshot_filename(kind: str, unit: Unit | None, month: date) -> str:
    scope_name = scope_for_unit(unit).slug
    return f"{SnapshotKind(kind).label}_{scope_name}_{month:%Y-%m}.xlsx"


def snapshot_monthly(
    *, month: date, today: date, by: User | None = None, regenerate: bool = False
) -> list[MonthlySnapshot]:
    """Store the month's ledger and statistics for every township, department and the
    county; a version already stored is kept as it is, unless `regenerate`: then each new
    file is stored beside it and the old one marked replaced (二十二: keep each month's
    version; nothing is overwritten). `by` is the user who asked (None: the schedule).
    Returns the new ones."""
    existing = {
        (s.unit_id, s.kind)
        for s in MonthlySnapshot.objects.filter(month=month, replaced_at=None).only("unit_id", "kind")
    }
    created = []
    for unit in snapshot_units():
        for kind in SnapshotKind:
            key = (unit.pk if unit else None, kind.value)
            if key in existing and not regenerate:
                continue
            snap = MonthlySnapshot(month=month, unit=unit, kind=kind, created_by=by)
            snap.file.save(snapshot_filename(kind, unit, month), ContentFile(_render(kind, unit, today)), save=False)
            try:
                with transaction.atomic():
                    if regenerate:
                        current = MonthlySnapshot.objects.select_for_update().filter(
                            month=month, unit=unit, kind=kind, replaced_at=None
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
    return snapshot_monthly(month=month, today=today, by=by, regenerate=regenerate)


def snapshots_for(user: User) -> QuerySet[MonthlySnapshot]:
    """The stored versions a user may download (ledger.access.snapshot_unit_scope)."""
    return MonthlySnapshot.objects.filter(snapshot_unit_scope(user)).select_related("unit")
