"""The push of imported projects to the units that survey them (十一). A unit confirms
it has taken one up with `ledger.services.push_mark_surveyed`."""

from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from ledger.access import can_import, county_q, same_county, unit_staff
from ledger.choices import ManagingLevel, UnitKind
from ledger.models import NotificationKind, Unit, User
from ledger.models.imports import ProjectPush
from ledger.notifications import notify
from ledger.services import project_update


def pushes_waiting_for(user: User) -> QuerySet[ProjectPush]:
    """The unit's pushed projects not surveyed yet (待调研项目)."""
    if user.unit_id is None:
        return ProjectPush.objects.none()
    return (
        ProjectPush.objects.filter(unit_id=user.unit_id, surveyed_at__isnull=True)
        .select_related("project__township", "project__village", "batch")
        .order_by("pushed_at", "project__number")
    )


def pushes_notify(units: Counter[int], *, by: User | None) -> None:
    """Tell each unit's staff how many projects were just pushed to it to survey (十一)."""
    url = reverse("push_waiting")
    for unit_id, count in sorted(units.items()):
        notify(
            users=unit_staff(unit_id),
            kind=NotificationKind.PUSH,
            text=f"县乡村振兴局向本单位推送了{count}个项目，请开展实地调研并确认（十一）。",
            url=url,
            by=by,
        )


@transaction.atomic
def push_reassign(*, pushes: list[int], unit: Unit, by: User) -> int:
    """Hand pushed projects to another unit by hand (the county bureau): a department
    manages them itself; a township manages those in its area. Returns how many moved."""
    if by is None or not can_import(by):
        raise PermissionDenied("只有县乡村振兴局可以推送项目。")
    if unit.kind not in (UnitKind.DEPARTMENT, UnitKind.TOWNSHIP):
        raise ValidationError("只能推送给行业部门或乡镇(街道)。")
    if not same_county(by, unit.county_id):
        raise ValidationError("只能推送给本区县的单位。")
    level = ManagingLevel.DEPARTMENT if unit.kind == UnitKind.DEPARTMENT else ManagingLevel.TOWNSHIP
    rows = list(
        ProjectPush.objects.select_for_update(of=("self",))
        .filter(county_q(by, "project__county_id"), pk__in=pushes)
        .select_related("project")
    )
    for push in rows:
        if unit.kind == UnitKind.TOWNSHIP and push.project.township_id != unit.division_id:
            raise ValidationError(f"项目{push.project.number}不在{unit.name}，不能推送给该乡镇(街道)。")
        project_update(
            project=push.project,
            by=by,
            data={"managing_level": level, "managing_unit": unit},
            reason=f"推送至{unit.name}",
            survey=False,
        )
        push.unit, push.pushed_by, push.pushed_at = unit, by, timezone.now()
        push.surveyed_at = push.surveyed_by = None
        push.save()
    pushes_notify(Counter({unit.pk: len(rows)}) if rows else Counter(), by=by)
    return len(rows)
