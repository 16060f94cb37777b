"""The change history of a record, for its page and for refusing a stale save.

Every record that changes (a project, an application, an opinion, a plan, a meeting, a
notice) keeps django-simple-history rows (ledger.models.history.AuditedHistory). This
module reads them the same way for every model: who changed which field from what to
what, in a fixed number of queries (the records, their authors, and the records they
name). The id of a record's latest history row is its *version*: a form carries the
version it was opened on, and a save made on an older version is refused with what
changed since (docs/decisions.md, "Nothing lost, everything traced")."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from ledger.models import User

KIND_LABELS = {"+": "新建", "~": "修改", "-": "删除"}
# Bookkeeping fields that no person changes.
SKIPPED = frozenset({"id", "created_at", "updated_at", "facts"})


@dataclass
class Change:
    label: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.label}：{self.old} → {self.new}"


@dataclass
class Entry:
    when: datetime
    kind: str
    user: str
    unit: str
    reason: str
    changes: list[Change] = field(default_factory=list)
    subject: str = ""  # what the record is, where a page shows several kinds (申请, 审核意见 …)


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any] | None:
    try:
        f = model._meta.get_field(name)
    except LookupError:
        return None
    return f if isinstance(f, models.Field) else None


def show(model_field: models.Field[Any, Any], value: Any, names: dict[tuple[Any, Any], str]) -> str:
    """A value as a person reads it: names for relations, labels for choices, 是/否, 元."""
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
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    return str(value)


def _deltas(model: type[models.Model], pairs: list[tuple[Any, Any]]) -> list[list[Any]]:
    """The field changes of each (record, record before it) pair, in the model's field order."""
    order = {f.name: i for i, f in enumerate(model._meta.concrete_fields)}
    out = []
    for rec, before in pairs:
        changes = rec.diff_against(before).changes if before is not None else []
        out.append(sorted((c for c in changes if c.field not in SKIPPED), key=lambda c: order.get(c.field, 999)))
    return out


def _names(model: type[models.Model], deltas: list[list[Any]]) -> dict[tuple[Any, Any], str]:
    """The names of the records the changes point at, one query per related model."""
    wanted: dict[Any, set[Any]] = defaultdict(set)
    for changes in deltas:
        for c in changes:
            f = _field(model, c.field)
            if f is not None and f.is_relation:
                wanted[f.related_model].update(v for v in (c.old, c.new) if v is not None)
    names: dict[tuple[Any, Any], str] = {}
    for related, ids in wanted.items():
        for obj in related._default_manager.filter(pk__in=ids):
            names[(related, obj.pk)] = obj.display_name if isinstance(obj, User) else str(obj)
    return names


def _render(model: type[models.Model], changes: list[Any], names: dict[tuple[Any, Any], str]) -> list[Change]:
    out = []
    for c in changes:
        f = _field(model, c.field)
        if f is not None:
            out.append(Change(str(f.verbose_name), show(f, c.old, names), show(f, c.new, names)))
    return out


def entries(records: list[Any], subject: str = "") -> list[Entry]:
    """History records of one or more objects of one model, newest first, each with its
    changes against the object's record before it."""
    if not records:
        return []
    records = sorted(records, key=lambda r: (r.history_date, r.history_id), reverse=True)
    model = records[0].instance_type
    previous: dict[Any, Any] = {}
    pairs: list[tuple[Any, Any]] = []
    for rec in reversed(records):  # oldest first, to find each record's predecessor
        pairs.append((rec, previous.get(rec.id)))
        previous[rec.id] = rec
    pairs.reverse()
    deltas = _deltas(model, pairs)
    names = _names(model, deltas)
    authors = {
        u.pk: u
        for u in User.objects.filter(pk__in={r.history_user_id for r in records if r.history_user_id}).select_related(
            "unit"
        )
    }
    out = []
    for (rec, _), changes in zip(pairs, deltas, strict=True):
        user = authors.get(rec.history_user_id)
        out.append(
            Entry(
                when=rec.history_date,
                kind=KIND_LABELS.get(rec.history_type, rec.history_type),
                user=user.display_name if user else "系统",
                unit=user.unit.name if user and user.unit else "",
                reason=rec.history_change_reason or "",
                changes=_render(model, changes, names),
                subject=subject,
            )
        )
    return out


def history_of(obj: models.Model) -> list[Entry]:
    """One object's history, newest first."""
    return entries(list(obj.history.all().order_by("-history_date", "-history_id")))  # type: ignore[attr-defined]


# ---- versions: refusing a save made on a stale copy -------------------------------------
def version_of(obj: models.Model | None) -> int:
    """The id of the object's latest history row (0 for none): what a form carries."""
    if obj is None or obj.pk is None:
        return 0
    latest = obj.history.order_by("-history_id").values_list("history_id", flat=True).first()  # type: ignore[attr-defined]
    return int(latest or 0)


def changes_since(obj: models.Model, version: int) -> list[Change]:
    """What changed in the object after its history row `version` (field: old → new)."""
    history = obj.history  # type: ignore[attr-defined]
    latest = history.order_by("-history_id").first()
    if latest is None:
        return []
    opened = history.filter(history_id=version).first() if version else None
    if opened is None:
        return []
    changes = [c for c in latest.diff_against(opened).changes if c.field not in SKIPPED]
    model = type(obj)
    return _render(model, changes, _names(model, [changes]))


def check_version(obj: models.Model, version: int | None, what: str, by: Any = None) -> None:
    """Refuse a save made on a copy older than the object's latest version. `what` names
    the object (此项目, 此申请, 此方案). A form without a version (an older client, a
    script) is not checked. When every save since was `by`'s own, the copy is one they
    went Back to after saving: the message says so, and what to do."""
    if version is None:
        return
    current = version_of(obj)
    if version == current:
        return
    changed = changes_since(obj, version)
    detail = "；".join(str(c) for c in changed)
    history = obj.history  # type: ignore[attr-defined]
    savers = set(history.filter(history_id__gt=version).values_list("history_user_id", flat=True))
    if by is not None and savers == {by.pk}:
        message = (
            f"{what}您已保存过，这一页是保存前的旧内容（如按了浏览器的“后退”），本次未保存。"
            "请刷新后再改：重新打开本页，在已保存的内容上修改。"
        )
    else:
        message = f"{what}已被他人修改，本次未保存。请刷新后再改：重新打开本页，在最新内容上修改。"
    if detail:
        message += f"自您打开以来的修改：{detail}。"
    raise ValidationError(message, code="stale")
