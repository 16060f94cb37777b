"""Preview and commit of an import: the projects the county bureau takes from the national
system and pushes to the units that manage them (十一), or a management ledger (附件5).

`import_preview` reads a file and says, row by row, what committing it would do: add a
project, change fields (old → new), nothing, skip (not an operating asset), or refuse
(with the row, the column and a Chinese reason). `import_commit` does it inside one
transaction: a file with any refused row commits nothing unless the caller asks for the
good rows only. New projects are pushed to the unit that surveys them.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from ledger import audit
from ledger.access import can_import, county_of
from ledger.choices import (
    LINKAGE_REASONS,
    PRODUCTION_REASONS,
    RECORDED_PROBLEMS,
    Classification,
    IndustryType,
    OperationMode,
)
from ledger.classification import stands_granting_defects
from ledger.extensions import progress_for
from ledger.imports import bulk
from ledger.imports.checks import DEFAULTS, FieldCheck, project_values
from ledger.imports.collector import paused_collector
from ledger.imports.convert import Converted, Places, convert_row
from ledger.imports.mapping import (
    TARGETS,
    apply_saved,
    guess_mapping,
    known_names,
    mapping_errors,
    mapping_save,
    saved_mapping_for,
)
from ledger.imports.ownership import owns
from ledger.imports.push import pushes_notify
from ledger.imports.reader import Column, Table, bare, find_table, load_grid, table_from_json, table_to_json
from ledger.imports.result import result_json
from ledger.models import County, Project, Unit, User
from ledger.models.audit import AuditAction
from ledger.models.imports import ImportBatch, ImportMapping, ImportSource, ProjectPush
from ledger.models.projects import fill_derived, project_field
from ledger.services import DECIDED_FIELDS, EDITABLE_FIELDS, project_errors


class RowAction(models.TextChoices):
    """What committing the file would do with a row."""

    ADD = "add", "新增"
    CHANGE = "change", "修改"
    SAME = "same", "无变化"
    REFUSED = "refused", "拒绝"
    SKIPPED = "skipped", "跳过（非经营性资产）"


IMPORTED = (RowAction.ADD, RowAction.CHANGE, RowAction.SAME)  # the actions that import the row

# A project new from the national file has not been surveyed yet: until its unit records
# them it has no functional state, use, production status or linkage (Project.surveyed),
# and no class.
NEW_PROJECT_DEFAULTS = {
    "operation_mode": OperationMode.OTHER,
    "industry_type": IndustryType.OTHER,
    "classification": "",
    **{f: False for pairs in (PRODUCTION_REASONS, LINKAGE_REASONS, RECORDED_PROBLEMS) for f, _ in pairs},
}

# The fields an import writes: the form's, and two only a management ledger carries.
PENDING = "class_conditions_pending"
# The class in force and its measures: a new project from the county's own ledger (附件5)
# takes the ledger's; a project already here keeps its own (a difference, not applied).
IMPORTED_FIELDS = [*EDITABLE_FIELDS, *DECIDED_FIELDS, PENDING, "ledger_progress"]


class ImportRefused(Exception):
    """The file has refused rows and the caller did not ask for the good rows only."""


@dataclass
class RowOutcome:
    row: int
    number: str = ""
    name: str = ""
    action: RowAction = RowAction.ADD
    data: dict[str, Any] = field(default_factory=dict)
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (label, old, new), applied
    differences: list[tuple[str, str, str]] = field(default_factory=list)  # shown, not applied
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, reason)
    notes: list[str] = field(default_factory=list)  # said about the row, not refusing it
    skipped: str = ""
    project: Project | None = None
    push_unit: Unit | None = None


@dataclass
class Preview:
    source: str
    columns: list[Column]
    mapping: dict[int, str]
    header_row: int = 0
    header_depth: int = 1
    saved: ImportMapping | None = None
    mapping_problems: list[str] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)
    table: Table | None = None  # the table read from the file, kept with the upload
    stamps: dict[int, str] = field(default_factory=dict)  # project id → _stamp when previewed

    def count(self, action: str) -> int:
        return sum(1 for o in self.outcomes if o.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {a: self.count(a) for a in RowAction}

    @property
    def importable(self) -> bool:
        return not self.mapping_problems and sum(self.count(a) for a in IMPORTED) > 0

    def of(self, action: str) -> list[RowOutcome]:
        return [o for o in self.outcomes if o.action == action]

    @property
    def noted(self) -> list[RowOutcome]:
        """The rows that will be imported with something to say about them."""
        return [o for o in self.outcomes if o.notes and o.action in IMPORTED]


def display(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def _label(name: str) -> str:
    return str(project_field(name).verbose_name)


def _display_field(name: str, value: Any) -> str:
    f = project_field(name)
    if f.choices and value:
        return str(dict(f.choices).get(value, value))
    return display(value)


def _ledger_as_shown(d: dict[str, Any], project: Project, progress: dict[int, str], out: RowOutcome) -> dict[str, Any]:
    """A ledger row against a project already here, read as our export would show it:
    专项资金/其他资金 are totals, compared with the project's totals (a difference is
    shown, the parts are never written); 处置整改进展情况 is no change when it is the text
    the export shows (what the `ledger_progress` point gives, or the text an earlier ledger gave)."""
    d = dict(d)
    for name, label, current in (
        ("fund1_central", "投资规模·专项资金", project.special_funds),
        ("fund2_central", "投资规模·其他资金", project.other_funds),
    ):
        if name in d:
            new = d.pop(name)
            if new != current:
                out.differences.append((label, display(current), display(new)))
    if d.get("ledger_progress") == (progress.get(project.pk) or project.ledger_progress):
        d.pop("ledger_progress")
    return d


@dataclass
class FileContext:
    """What each row of one file is checked against."""

    source: str
    existing: dict[str, Project]  # the projects already here, by number
    places: Places
    progress: dict[int, str]  # column 27 as the export shows it (a ledger only)
    seen: dict[str, int] = field(default_factory=dict)  # number → the first row with it
    check: FieldCheck = field(default_factory=FieldCheck)  # the model's validation, per file

    @property
    def ledger(self) -> bool:
        return self.source == ImportSource.LEDGER


def _outcome(row: int, conv: Converted, ctx: FileContext) -> RowOutcome:
    d = conv.data
    out = RowOutcome(row=row, number=d.get("number", ""), name=d.get("name", ""), errors=list(conv.errors))
    if conv.skipped:
        out.action, out.skipped = RowAction.SKIPPED, conv.skipped
        return out
    if out.number in ctx.seen:
        first = ctx.seen[out.number]
        out.errors.append(
            (conv.columns.get("number", "项目编号"), f"项目编号{out.number}在文件中重复（第{first}行已有）")
        )
    elif out.number:
        ctx.seen[out.number] = row
    project = ctx.existing.get(out.number)
    if project is None:
        _new_project(out, conv, ctx)
    else:
        _changed_project(out, conv, project, ctx)
    return out


# ---- a project new to the database ----------------------------------------------------
def _new_project(out: RowOutcome, conv: Converted, ctx: FileContext) -> None:
    """A new project takes every field the file gives and the defaults for the rest; it
    is pushed to the unit that surveys it."""
    data = {**NEW_PROJECT_DEFAULTS, **conv.data}
    data["proposed_classification"] = data["classification"]  # the unit's proposal starts from it
    data["proposed_measures"] = data.get("measures", "")
    _managed(out, conv, data, ctx.places)
    data[PENDING] = ctx.ledger and _pending(data, out)
    out.data = {k: v for k, v in data.items() if k in IMPORTED_FIELDS}
    if not out.errors:
        _check_new(out, conv, data, ctx.check)
    out.action = RowAction.REFUSED if out.errors else RowAction.ADD


def _managed(out: RowOutcome, conv: Converted, data: dict[str, Any], places: Places) -> None:
    """Who manages a new project (from 主管部门, or its township when the file names
    none), and who surveys it."""
    township = data.get("township")
    if township is None:
        return  # the place's own error is already recorded
    managed = places.manager(conv.manager, township, data.get("village"))
    if managed is None:
        out.errors.append((conv.columns.get("manager", ""), f"未知的主管部门“{conv.manager}”"))
    elif managed[1] is None:
        out.errors.append((conv.columns.get("manager", ""), "找不到该项目的主管单位（单位未启用）"))
    else:
        data["managing_level"], data["managing_unit"] = managed
        if not data.get("responsible_unit"):
            data["responsible_unit"] = managed[1].name  # the file names none: the managing unit
        out.push_unit = places.push_unit(managed[0], managed[1], township)


def _check_new(out: RowOutcome, conv: Converted, data: dict[str, Any], check: FieldCheck) -> None:
    """The model's validation and the classification test, each reason placed on its column."""
    problems = {
        **check.errors({**DEFAULTS, **out.data}),
        **_class_errors(project_errors(_as_checked(data), None, boxes_recorded=False)),
    }
    for name, message in problems.items():
        column = conv.columns.get(name, "") or TARGETS.get(name, "")
        label = _label(name) if name in IMPORTED_FIELDS else ""
        out.errors.append((column or label, f"{label}：{message}" if label else message))


# ---- a project already in the database ------------------------------------------------
def _changed_project(out: RowOutcome, conv: Converted, project: Project, ctx: FileContext) -> None:
    """The fields the source owns are changed; any other field where the file differs is
    shown as a difference and left alone (see ownership.py)."""
    out.project = project
    facts = _ledger_as_shown(conv.data, project, ctx.progress, out) if ctx.ledger else conv.data
    merged = {name: getattr(project, name) for name in IMPORTED_FIELDS}
    for name, new in facts.items():
        if name in IMPORTED_FIELDS and name != "number" and getattr(project, name) != new:
            _change(out, merged, project, ctx.source, name, new)
    _restate_pending(out, merged, project, ctx.ledger)
    if not out.errors:
        for name, message in _class_errors(project_errors(_as_checked(merged), None, boxes_recorded=False)).items():
            out.errors.append((conv.columns.get(name, _label(name) if name in IMPORTED_FIELDS else ""), message))
    if not out.errors and out.data:
        # the model's validation of the project as the commit will write it, checked here once
        for name, message in ctx.check.errors({**project_values(project), **out.data}).items():
            label = _label(name) if name in IMPORTED_FIELDS else ""
            out.errors.append((conv.columns.get(name, "") or label, f"{label}：{message}" if label else message))
    out.action = RowAction.REFUSED if out.errors else (RowAction.CHANGE if out.changes else RowAction.SAME)


def _change(out: RowOutcome, merged: dict[str, Any], project: Project, source: str, name: str, new: Any) -> None:
    triple = (_label(name), _display_field(name, getattr(project, name)), _display_field(name, new))
    if owns(source, name):
        merged[name] = out.data[name] = new
        out.changes.append(triple)
    else:
        out.differences.append(triple)


def _restate_pending(out: RowOutcome, merged: dict[str, Any], project: Project, ledger: bool) -> None:
    """A ledger may (re)state a class whose defects it cannot carry; any other source
    keeps a pending class pending as long as the class and the facts leave it so."""
    pending = (ledger or project.class_conditions_pending) and _pending(merged, out if ledger else None)
    if pending != project.class_conditions_pending:
        merged[PENDING] = out.data[PENDING] = pending
        out.changes.append((_label(PENDING), display(project.class_conditions_pending), display(pending)))


def _pending(facts: dict[str, Any], out: RowOutcome | None) -> bool:
    """Whether the row's class stands only for want of defects a ledger does not record
    (upgrade, rebuild); if so the row (`out`, when given) says so, and the unit completes
    the form later."""
    cls = facts.get("classification")
    if not cls or not stands_granting_defects(cls, facts):
        return False
    label = Classification(cls).label
    if out is not None:
        out.notes.append(
            f"分类“{label}”按台账导入：台账不记载{label}条件，导入后标记为“分类条件待补录”，"
            f"由单位在申请表中勾选或填写相应条件。"
        )
    return True


def _class_errors(errors: dict[str, str]) -> dict[str, str]:
    """A file's class is its 四个一批分类 column: the test's refusal goes there."""
    if "proposed_classification" in errors:
        errors["classification"] = errors.pop("proposed_classification")
    return errors


def _as_checked(facts: dict[str, Any]) -> dict[str, Any]:
    """The facts as the classification test sees them: a pending class is not tested."""
    return {**facts, "classification": "", "proposed_classification": ""} if facts.get(PENDING) else facts


def import_county(county: County | None = None, by: User | None = None) -> County:
    """The county an import is for: given, the user's, or (the command line, a superuser
    without a unit) the default county (DEFAULT_COUNTY_CODE)."""
    if county is not None:
        return county
    found = county_of(by) if by is not None else None
    return found if found is not None else County.objects.get(code=settings.DEFAULT_COUNTY_CODE)


def in_county(county: County | None) -> Q:
    """The import's county as a filter on a `county` field, without reading the county:
    the default county (DEFAULT_COUNTY_CODE) when none is given."""
    return Q(county=county) if county is not None else Q(county__code=settings.DEFAULT_COUNTY_CODE)


def _known(source: str, county: Q) -> set[str]:
    """The header names that identify a header row: the source's, and those of the
    mappings the county's users have saved for it."""
    return known_names(source) | {
        bare(part)
        for headers in ImportMapping.objects.filter(county, source=source).values_list("headers", flat=True)
        for header in headers
        for part in header.split("/")
    }


def _existing(numbers: set[str], lock: bool, county: Q) -> dict[str, Project]:
    """The county's projects already here, by number (locked for a commit): a number is
    unique within its county (全县唯一)."""
    projects = Project.objects.filter(county, number__in=numbers).select_related("township", "village", "managing_unit")
    if lock:
        projects = projects.select_for_update(of=("self",))
    return {p.number: p for p in projects}


@paused_collector()
def read_table(*, data: bytes, filename: str, source: str, county: County | None = None) -> Table:
    """The file's header and data rows (ReadError, in Chinese, for a file that cannot be
    read or goes beyond the reader's bounds)."""
    return find_table(load_grid(data, filename), _known(source, in_county(county)))


@paused_collector()
def import_preview(
    *,
    source: str,
    data: bytes = b"",
    filename: str = "",
    table: Table | None = None,
    mapping: dict[int, str] | None = None,
    saved: ImportMapping | None = None,
    lock: bool = False,
    county: County | None = None,
) -> Preview:
    """What importing the file would do: of `table` when the file was read already, else
    of `data`. `mapping` (column index → target) overrides a saved mapping, which
    overrides the guess from known header names."""
    where = in_county(county)
    if table is None:
        table = read_table(data=data, filename=filename, source=source, county=county)
    if mapping is None:
        saved = saved or saved_mapping_for(table.columns, source, where)
        mapping = apply_saved(table.columns, saved) if saved else guess_mapping(table.columns, source)
    preview = Preview(
        source=source,
        columns=table.columns,
        mapping=mapping,
        header_row=table.header_row,
        header_depth=table.header_depth,
        saved=saved,
        mapping_problems=mapping_errors(mapping),
        table=table,
    )
    if preview.mapping_problems:
        return preview
    places = Places(where)
    columns = {c.index: c for c in table.columns}
    converted = [
        (row, convert_row(cells, mapping, columns, places, source == ImportSource.LEDGER)) for row, cells in table.rows
    ]
    existing = _existing({c.data["number"] for _, c in converted if c.data.get("number")}, lock, where)
    # what column 27 shows for the projects already here (only a ledger has that column)
    progress = {}
    if source == ImportSource.LEDGER and existing:
        progress = progress_for(Project.objects.filter(pk__in=[p.pk for p in existing.values()]))
    ctx = FileContext(source=source, existing=existing, places=places, progress=progress)
    preview.outcomes = [_outcome(row, conv, ctx) for row, conv in converted]
    preview.stamps = {p.pk: _stamp(p, progress.get(p.pk, "")) for p in existing.values()}
    return preview


# ---- the preview kept on the batch, and the commit that applies it ------------------------
PLAN_VERSION = 1
# Every stored value of a project but the time of its last save: what a project "as previewed" is.
STAMPED = [f.attname for f in Project._meta.concrete_fields if f.name != "updated_at"]
STALE = "预览之后{what}，本次未导入任何数据。请重新打开预览页核对后再导入。"


class PreviewStale(ValidationError):
    """The database changed since the batch was previewed in a way that could change it."""


def _stamp(project: Project, progress: str = "") -> str:
    """A fingerprint of the project's stored values (and, for a ledger, of column 27 as the
    export shows it): the preview kept on a batch holds only while it is unchanged."""
    values = repr(([getattr(project, name) for name in STAMPED], progress))
    return hashlib.blake2b(values.encode(), digest_size=12).hexdigest()


def _fixed_default(f: "models.Field[Any, Any]") -> Any:
    """The field's default when it is a value (a callable's is asked for each time)."""
    return f.get_default() if not callable(f.default) else _ASK


_ASK = object()
# name → (attname, relation?, default): what _data_json asks of each field, asked once
_AS_JSON = {f.name: (f.attname, f.is_relation, _fixed_default(f)) for f in Project._meta.concrete_fields}


def _data_json(data: dict[str, Any], new: bool) -> dict[str, Any]:
    """A row's data as JSON: relations by id, Decimal and dates as text; for a new project
    the values equal to the model's defaults are left out (the model gives them again)."""
    out: dict[str, Any] = {}
    for name, value in data.items():
        attname, relation, default = _AS_JSON[name]
        if relation:
            out[attname] = value.pk if value is not None else None
        elif new and value == (default if default is not _ASK else project_field(name).get_default()):
            continue
        elif isinstance(value, (Decimal, date)):
            out[name] = str(value)
        else:
            out[name] = value
    return out


_BY_ATTNAME = {f.attname: f for f in Project._meta.concrete_fields}


def _data_from_json(data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in data.items():
        f = _BY_ATTNAME[key]
        out[key] = value if f.is_relation or value is None else f.to_python(value)
    return out


def plan_json(preview: Preview) -> dict[str, Any]:
    """What the preview found, row by row, with the data each row writes and the
    fingerprint of each project it read: kept on the batch (ImportBatch.plan) and applied
    by the commit without checking the rows again."""
    shown = result_json(preview)
    for row, o in zip(shown["rows"], preview.outcomes, strict=True):
        if o.action in (RowAction.ADD, RowAction.CHANGE):
            row["data"] = _data_json(o.data, new=o.action == RowAction.ADD)
        row["push_unit_id"] = o.push_unit.pk if o.push_unit is not None else None
    return {
        "version": PLAN_VERSION,
        "mapping": {str(k): v for k, v in preview.mapping.items() if v},
        "stamps": {str(pk): stamp for pk, stamp in preview.stamps.items()},
        **shown,
    }


def _plan_usable(batch: ImportBatch) -> bool:
    plan = batch.plan or {}
    return plan.get("version") == PLAN_VERSION and plan.get("mapping") == batch.mapping_used


def _columns(batch: ImportBatch) -> list[Column]:
    return [Column(index, name, group) for index, name, group in (batch.table or {}).get("columns", [])]


def _planned(batch: ImportBatch, *, lock: bool, with_data: bool) -> Preview:
    """The preview kept on the batch, checked against the database (PreviewStale when a
    project it read has changed since, a number it adds exists now, or a unit it pushes to
    or that manages a new project is no longer active). With `lock` the projects stay locked
    until the caller's transaction ends; with `with_data` each row carries what it writes."""
    plan = batch.plan
    mapping = {int(k): v for k, v in plan["mapping"].items()}
    rows = plan["rows"]
    ids = {int(pk) for pk in plan["stamps"]}
    projects = Project.objects.filter(pk__in=ids)
    if lock:
        projects = projects.select_for_update(of=("self",))
    found = {p.pk: p for p in projects}
    progress = {}
    if batch.source == ImportSource.LEDGER and found:
        progress = progress_for(Project.objects.filter(pk__in=list(found)))
    changed = {
        pk for pk in ids if pk not in found or _stamp(found[pk], progress.get(pk, "")) != plan["stamps"][str(pk)]
    }
    for row in rows:
        if row["project_id"] in changed:
            raise PreviewStale(STALE.format(what=f"第{row['row']}行的项目{row['number']}已被修改"))
    added = [row for row in rows if row["action"] == RowAction.ADD]
    numbers = [r["number"] for r in added]
    taken = set(Project.objects.filter(in_county(batch.county), number__in=numbers).values_list("number", flat=True))
    for row in added:
        if row["number"] in taken:
            raise PreviewStale(STALE.format(what=f"项目编号{row['number']}（第{row['row']}行）已有项目"))
    unit_ids = {r["push_unit_id"] for r in added} | {r.get("data", {}).get("managing_unit_id") for r in added}
    units = Unit.objects.in_bulk([pk for pk in unit_ids if pk])
    for row in added:
        for pk in (row["push_unit_id"], row.get("data", {}).get("managing_unit_id")):
            if pk and (pk not in units or not units[pk].active):
                raise PreviewStale(STALE.format(what=f"第{row['row']}行项目的主管单位已停用"))
    preview = Preview(
        source=batch.source,
        columns=_columns(batch),
        mapping=mapping,
        header_row=plan["header_row"],
        header_depth=plan["header_depth"],
        saved=batch.mapping,
        mapping_problems=mapping_errors(mapping),
        stamps={int(pk): stamp for pk, stamp in plan["stamps"].items()},
    )
    for row in rows:
        pushed = row.get("push_unit_id")
        preview.outcomes.append(
            RowOutcome(
                row=row["row"],
                number=row["number"],
                name=row["name"],
                action=RowAction(row["action"]),
                data=_data_from_json(row["data"]) if with_data and "data" in row else {},
                changes=[tuple(c) for c in row["changes"]],
                differences=[tuple(c) for c in row["differences"]],
                errors=[tuple(e) for e in row["errors"]],
                notes=list(row["notes"]),
                skipped=row["skipped"],
                project=found.get(row["project_id"]) if row["project_id"] else None,
                push_unit=units.get(pushed) if pushed else None,
            )
        )
    return preview


def _keep_plan(batch: ImportBatch, preview: Preview) -> None:
    """Keep on the batch (unsaved) what its preview found and counts."""
    batch.plan = plan_json(preview) if not preview.mapping_problems else {}
    batch_count(batch, preview)


def _write(preview: Preview, batch: ImportBatch, by: User | None) -> list[ProjectPush]:
    """Write the rows to add and to change, in batches, each with its history row as a save
    writes it (who, when, why, the values after): the preview checked them already."""
    reason = f"导入：{batch.filename}（{batch.get_source_display()}）"
    now = timezone.now()
    added: list[Project] = []
    pushes = []
    for outcome in preview.of(RowAction.ADD):
        project = Project(created_by=by, **outcome.data)
        project.record_change(by=by, reason=reason)
        outcome.project = project
        added.append(project)
    fill_derived(added, now=now)
    bulk.insert(Project, added)
    bulk.history(added, changed=False, when=now, default_user=by)
    for outcome in preview.of(RowAction.ADD):
        assert outcome.project is not None and outcome.push_unit is not None
        pushes.append(ProjectPush(project=outcome.project, unit=outcome.push_unit, batch=batch, pushed_by=by))
    changed: list[Project] = []
    fields: set[str] = set()
    for outcome in preview.of(RowAction.CHANGE):
        if outcome.project is None:
            continue
        for name, value in outcome.data.items():
            setattr(outcome.project, name, value)
        fields.update(project_field(name).name for name in outcome.data)
        outcome.project.record_change(by=by, reason=reason)
        changed.append(outcome.project)
    if changed:
        fields.update(fill_derived(changed, now=now))
        bulk.update(Project, changed, sorted(fields))
        bulk.history(changed, changed=True, when=now, default_user=by)
    return pushes


@paused_collector()
@transaction.atomic
def import_commit(*, batch: ImportBatch, by: User | None, only_good: bool = False) -> Preview:
    """Apply the batch's file with its confirmed mapping, all or nothing: the preview kept
    on the batch when it still holds (PreviewStale when the database changed under it), else
    (an upload kept from before previews were kept) a new preview."""
    if not can_import(by):
        raise PermissionDenied("只有县乡村振兴局可以导入和推送项目。")
    # the table is read only when the kept preview no longer holds (see batch_table)
    batch = ImportBatch.objects.select_for_update().defer("table").get(pk=batch.pk)
    if batch.committed:
        raise ValidationError("该文件已导入，不能重复导入；如需再次导入请重新上传。")
    if _plan_usable(batch):
        preview = _planned(batch, lock=True, with_data=True)
    else:
        mapping = {int(k): v for k, v in batch.mapping_used.items()}
        preview = import_preview(
            table=batch_table(batch), source=batch.source, mapping=mapping, lock=True, county=batch.county
        )
    if preview.mapping_problems:
        raise ValidationError(preview.mapping_problems)
    if preview.count(RowAction.REFUSED) and not only_good:
        raise ImportRefused(f"有{preview.count(RowAction.REFUSED)}行被拒绝，未导入任何数据。")
    pushes = _write(preview, batch, by)
    bulk.insert(ProjectPush, pushes)
    pushes_notify(Counter(p.unit_id for p in pushes), by=by)
    batch_count(batch, preview)
    batch.committed, batch.committed_at, batch.only_good = True, timezone.now(), only_good
    batch.result = result_json(preview)  # the page after the commit shows this, not a new preview
    batch.plan = {}  # applied: the result above is the record of it
    batch.save(update_fields=["committed", "committed_at", "only_good", "result", "plan", *COUNT_FIELDS])
    audit.record(
        AuditAction.IMPORT_COMMIT,
        user=by,
        obj=batch,
        detail={"file": batch.filename, "source": batch.source, "only_good": only_good, "counts": preview.counts},
    )
    return preview


@paused_collector()
def batch_create(
    *, by: User | None, source: str, filename: str, content: bytes, preview: Preview, county: County | None = None
) -> ImportBatch:
    """Record an upload and what its preview found (not committed yet), for the county of
    `by` (or `county`)."""
    if not can_import(by):
        raise PermissionDenied("只有县乡村振兴局可以导入和推送项目。")
    batch = ImportBatch(
        county=import_county(county, by),
        source=source,
        filename=filename[:200],
        created_by=by,
        mapping=preview.saved,
        mapping_used={str(k): v for k, v in preview.mapping.items() if v},
        table=table_to_json(preview.table) if preview.table is not None else {},
    )
    _keep_plan(batch, preview)
    batch.file.save(filename, content if hasattr(content, "read") else ContentFile(content), save=False)
    batch.save()
    audit.record(
        AuditAction.IMPORT_UPLOAD,
        user=by,
        obj=batch,
        detail={"file": batch.filename, "source": source, "size": batch.file.size},
    )
    return batch


# The batch's field that counts the rows of each action.
COUNTED = {
    RowAction.ADD: "added",
    RowAction.CHANGE: "changed",
    RowAction.SAME: "unchanged",
    RowAction.REFUSED: "refused",
    RowAction.SKIPPED: "skipped",
}
COUNT_FIELDS = list(COUNTED.values())


def batch_count(batch: ImportBatch, preview: Preview) -> None:
    """Keep on the batch (unsaved) what its preview counts."""
    for action, name in COUNTED.items():
        setattr(batch, name, preview.count(action))


def batch_table(batch: ImportBatch) -> Table:
    """The table read from the batch's file when it was uploaded; an upload kept from
    before tables were stored is read once more."""
    if batch.table:
        return table_from_json(batch.table)
    with batch.file.open("rb") as f:
        return read_table(data=f.read(), filename=batch.filename, source=batch.source, county=batch.county)


@paused_collector()
def batch_preview(batch: ImportBatch) -> Preview:
    """What the batch's table would do now, with its mapping (the guess when it has none):
    the preview kept on the batch while the database has not changed under it, else a new
    one, kept in its place."""
    if _plan_usable(batch):
        try:
            return _planned(batch, lock=False, with_data=False)
        except PreviewStale:
            pass
    mapping = {int(k): v for k, v in batch.mapping_used.items()}
    preview = import_preview(
        table=batch_table(batch), source=batch.source, mapping=mapping or None, county=batch.county
    )
    if batch.pk is not None and not batch.committed:
        _keep_plan(batch, preview)
        batch.save(update_fields=["plan", *COUNT_FIELDS])
    return preview


@paused_collector()
@transaction.atomic
def batch_remap(
    *, batch: ImportBatch, columns: list[Column], mapping: dict[int, str], by: User | None, name: str = ""
) -> ImportBatch:
    """Apply a corrected mapping (column index → target) to an upload not committed yet;
    save it under `name`, when given, for the next file with the same headers; re-count
    what the preview finds (the list of uploads shows it). `columns` are the file's."""
    if not can_import(by):
        raise PermissionDenied("只有县乡村振兴局可以导入和推送项目。")
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.committed:
        raise ValidationError("该文件已导入，不能修改列映射。")
    problems = mapping_errors(mapping)
    if problems:
        raise ValidationError(problems)
    batch.mapping_used = {str(k): v for k, v in mapping.items() if v}
    if name:
        batch.mapping = mapping_save(
            name=name[:64], columns=columns, by_index=mapping, source=batch.source, by=by, county=batch.county
        )
    mapping_used = {int(k): v for k, v in batch.mapping_used.items()}
    _keep_plan(
        batch,
        import_preview(
            table=batch_table(batch), source=batch.source, mapping=mapping_used or None, county=batch.county
        ),
    )
    batch.save(update_fields=["mapping_used", "mapping", "plan", *COUNT_FIELDS])
    return batch
