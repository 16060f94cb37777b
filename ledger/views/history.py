"""A project's change history for its page: who changed which field from what to what,
read in a fixed number of queries (records, users, and the places and units named)."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import models

from ledger.models import Division, Project, Unit, User
from ledger.models.projects import project_field

KIND_LABELS = {"+": "新建", "~": "修改", "-": "删除"}
FIELD_ORDER = {f.name: i for i, f in enumerate(Project._meta.concrete_fields)}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime
    kind: str
    user: str
    unit: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def _show(model_field: models.Field, value: Any, names: dict[tuple[Any, Any], str]) -> str:
    if value is None or value == "":
        return "（空）"
    if model_field.is_relation:
        return names.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return f"{value:,.2f} 元"
    return str(value)


def project_history(project: Project) -> list[Entry]:
    """The project's records, newest first, each with its changes against the one before."""
    records = list(project.history.all().order_by("-history_date", "-history_id"))
    deltas = [rec.diff_against(records[i + 1]).changes if i + 1 < len(records) else [] for i, rec in enumerate(records)]
    users = {
        u.pk: u
        for u in User.objects.filter(pk__in={r.history_user_id for r in records if r.history_user_id}).select_related(
            "unit"
        )
    }
    wanted: dict[type[Division] | type[Unit], set[Any]] = {Division: set(), Unit: set()}
    for changes in deltas:
        for c in changes:
            f = project_field(c.field)
            if not f.is_relation:
                continue
            for model, ids in wanted.items():
                if f.related_model is model:
                    ids.update(v for v in (c.old, c.new) if v is not None)
    names: dict[tuple[Any, Any], str] = {}
    for model, ids in wanted.items():
        if ids:
            names.update({(model, obj.pk): obj.name for obj in model.objects.filter(pk__in=ids)})
    entries = []
    for rec, changes in zip(records, deltas, strict=False):
        user = users.get(rec.history_user_id)
        entry = Entry(
            when=rec.history_date,
            kind=KIND_LABELS.get(rec.history_type, rec.history_type),
            user=user.display_name if user else "系统",
            unit=user.unit.name if user and user.unit else "",
            reason=rec.history_change_reason or "",
        )
        for c in sorted(changes, key=lambda c: FIELD_ORDER.get(c.field, 999)):
            f = project_field(c.field)
            entry.changes.append(Change(str(f.verbose_name), _show(f, c.old, names), _show(f, c.new, names)))
        entries.append(entry)
    return entries
