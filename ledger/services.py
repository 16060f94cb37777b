"""Writes to projects. Every change goes through these functions, which check the
user's right, validate the facts with the classification test, and save inside a
transaction; django-simple-history records who changed which fields and when."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ledger.access import (
    can_confirm_push,
    can_create_project,
    can_edit_project,
    can_reassign_projects,
    filing_place_errors,
)
from ledger.choices import ManagingLevel, UnitKind
from ledger.classification import check_facts
from ledger.extensions import manager_change_refusal
from ledger.history import check_version
from ledger.models import Project, User
from ledger.models.imports import ProjectPush
from ledger.models.projects import SURVEY_FIELDS, project_field

# Fields a user sets on the form (everything but the bookkeeping fields).
EDITABLE_FIELDS = [
    f.name
    for f in Project._meta.get_fields()
    if getattr(f, "editable", False) and f.concrete and f.name not in ("id", "created_by", "created_at", "updated_at")
]


def placement_errors(data: dict[str, Any], by: User | None) -> dict[str, str]:
    """Where a project stands must agree with itself and with the user filing it:
    the village lies in the township; the managing unit fits the managing level; a unit
    files only within its own area."""
    errors: dict[str, str] = {}
    township, village = data.get("township"), data.get("village")
    level, unit = data.get("managing_level"), data.get("managing_unit")
    if village is not None and township is not None and village.parent_id != township.pk:
        errors["village"] = f"{village.name}不属于{township.name}。"
    if level == ManagingLevel.VILLAGE and village is None:
        errors["village"] = "村本级主管和实施项目须选择所在村(居)。"
    if unit is not None and level:
        expected = {
            ManagingLevel.VILLAGE: UnitKind.VILLAGE,
            ManagingLevel.TOWNSHIP: UnitKind.TOWNSHIP,
            ManagingLevel.DEPARTMENT: UnitKind.DEPARTMENT,
        }[level]
        if unit.kind != expected:
            errors["managing_unit"] = f"“{ManagingLevel(level).label}”的主管单位须为{UnitKind(expected).label}。"
        elif level == ManagingLevel.VILLAGE and village is not None and unit.division_id != village.pk:
            errors["managing_unit"] = "村本级项目的主管单位须为项目所在村(居)委会。"
        elif level == ManagingLevel.TOWNSHIP and township is not None and unit.division_id != township.pk:
            errors["managing_unit"] = "乡镇(街道)主管项目的主管单位须为项目所在乡镇(街道)。"
    errors.update(filing_place_errors(by, township=township, village=village, level=level or "", unit=unit))
    return errors


# What the county decided (十四): changed only by project_take_effect.
DECIDED_FIELDS = ("classification", "measures")
DECIDED_REFUSAL = "已生效的分类只能通过新一轮分类申请变更：请在申请表中填写拟认定类别和拟处置措施，并发起分类申请。"
# Who manages a project: changed only by the county bureau on the push page.
MANAGER_FIELDS = ("managing_level", "managing_unit")
MANAGER_REFUSAL = "主管层级和主管单位只能由县乡村振兴局在“推送项目”页面调整，请联系县乡村振兴局。"
SURVEY_REQUIRED = "请填写实地调研结果：{label}。"


def proposed_facts(data: dict[str, Any]) -> dict[str, Any]:
    """The facts with the proposed class in the place the classification test reads."""
    return {**data, "classification": data.get("proposed_classification") or ""}


def project_errors(data: dict[str, Any], by: User | None, *, boxes_recorded: bool = True) -> dict[str, str]:
    """All the reasons the facts in `data` cannot be saved, by field (Chinese). The
    classification test runs on the proposed class (the class in force was decided);
    `boxes_recorded=False` for an imported file (see ledger.classification.check_facts)."""
    errors = check_facts(proposed_facts(data), boxes_recorded=boxes_recorded).errors
    if "classification" in errors:
        errors["proposed_classification"] = errors.pop("classification")
    return {**errors, **placement_errors(data, by)}


def survey_errors(data: dict[str, Any]) -> dict[str, str]:
    """A unit's save records the survey (十二): the four facts it gives are required."""
    return {
        name: SURVEY_REQUIRED.format(label=project_field(name).verbose_name)
        for name in SURVEY_FIELDS
        if not data.get(name)
    }


def _refuse_decided(project: Project, data: dict[str, Any], by: User) -> None:
    """The class in force is never changed by an edit; who manages a project only by the
    bureau's reassignment (ledger.imports.push)."""
    for name in DECIDED_FIELDS:
        if name in data and data[name] != getattr(project, name):
            raise ValidationError({"proposed_classification": DECIDED_REFUSAL})
    moved = [
        name
        for name in MANAGER_FIELDS
        if name in data and _raw(project, name, data[name]) != getattr(project, project_field(name).attname)
    ]
    if moved and not can_reassign_projects(by):
        raise ValidationError({moved[0]: MANAGER_REFUSAL})
    why = manager_change_refusal(project) if moved else ""
    if why:
        raise ValidationError({moved[0]: why})


def _raw(project: Project, name: str, value: Any) -> Any:
    return value.pk if project_field(name).is_relation and value is not None else value


def _apply(project: Project, data: dict[str, Any]) -> list[str]:
    changed = []
    for name in EDITABLE_FIELDS:
        if name not in data:
            continue
        field = project_field(name)
        new = data[name]
        new_raw = new.pk if field.is_relation and new is not None else new
        if getattr(project, field.attname) != new_raw:
            setattr(project, name, new)
            changed.append(name)
    return changed


@transaction.atomic
def project_create(*, by: User, data: dict[str, Any], reason: str = "新建") -> Project:
    if not can_create_project(by):
        raise PermissionDenied("您的角色不能填报项目。")
    if any(data.get(name) for name in DECIDED_FIELDS):
        raise ValidationError({"proposed_classification": DECIDED_REFUSAL})
    errors = {**survey_errors(data), **project_errors(data, by)}
    if errors:
        raise ValidationError(errors)
    project = Project(created_by=by)
    _apply(project, data)
    project.full_clean()
    project.record_change(by=by, reason=reason)
    project.save()
    return project


@transaction.atomic
def project_update(
    *,
    project: Project,
    by: User,
    data: dict[str, Any],
    reason: str = "修改",
    version: int | None = None,
    survey: bool = True,
) -> list[str]:
    """Change a project's facts; returns the names of the fields that changed. A `version`
    older than the project's latest (ledger.history) is refused: someone saved since the
    form was opened. A unit's save records the survey (`survey`: the four facts are
    required); the bureau's reassignment of a project not yet surveyed does not."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if not can_edit_project(by, locked):
        raise PermissionDenied("您无权修改该项目。")
    check_version(locked, version, "此项目", by)
    _refuse_decided(locked, data, by)
    merged = {name: getattr(locked, name) for name in EDITABLE_FIELDS}
    merged.update(data)
    errors = project_errors(merged, by)
    if survey or locked.surveyed:
        errors = {**survey_errors(merged), **errors}
    if errors:
        raise ValidationError(errors)
    changed = _apply(locked, data)
    if locked.class_conditions_pending:
        # the facts just passed the classification test, the class included
        locked.class_conditions_pending = False
        changed.append("class_conditions_pending")
    if not changed:
        return []
    locked.full_clean()
    locked.record_change(by=by, reason=reason)
    locked.save()
    if by.unit_id and locked.pushes.filter(unit_id=by.unit_id, surveyed_at__isnull=True).exists():
        push_mark_surveyed(project=locked, by=by)  # a pushed project is taken up by its first edit
    project.refresh_from_db()
    return changed


@transaction.atomic
def project_take_effect(*, project: Project, classification: str, measures: str, by: User | None, reason: str) -> None:
    """A classification has taken effect — approved by the county leading group and its
    public notice ended with no open objection, or a re-classification after disposal
    recorded (备案, 十五): the project's class and measures become the approved ones. Called
    only by the approvals' services that put a class in force; recorded in the history."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    decided = (classification, measures, False, classification, measures)
    if (
        locked.classification,
        locked.measures,
        locked.class_conditions_pending,
        locked.proposed_classification,
        locked.proposed_measures,
    ) == decided:
        return
    locked.classification, locked.measures = classification, measures
    # the proposal was decided: the next round starts from the decided class
    locked.proposed_classification, locked.proposed_measures = classification, measures
    locked.class_conditions_pending = False  # a decision made on the full form
    locked.record_change(by=by, reason=reason)
    locked.save(
        update_fields=[
            "classification",
            "measures",
            "proposed_classification",
            "proposed_measures",
            "class_conditions_pending",
            "updated_at",
        ]
    )


@transaction.atomic
def project_exit(*, project: Project, measures: str, exited_on: date, by: User | None, reason: str) -> None:
    """An exit decision has taken effect (二, 基本原则: "对无法建立联农带农机制的，建立退出和
    追偿机制"): the project is marked exited and its measures (column 26 of 附件5) become the
    exit decision. Called only by the approvals' service that puts an exit in force;
    recorded in the history."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    locked.exited_on, locked.measures = exited_on, measures
    locked.record_change(by=by, reason=reason)
    locked.save(update_fields=["exited_on", "measures", "updated_at"])


@transaction.atomic
def push_mark_surveyed(*, project: Project, by: User) -> bool:
    """The unit a project was pushed to confirms it has taken it up for survey (十一); the
    first edit does the same. Returns False when there was nothing waiting."""
    push = ProjectPush.objects.select_for_update().filter(project=project, surveyed_at__isnull=True).first()
    if push is None:
        return False
    if not can_confirm_push(by, push.unit_id):
        raise PermissionDenied("只有被推送的单位可以确认调研。")
    push.surveyed_at, push.surveyed_by = timezone.now(), by
    push.save(update_fields=["surveyed_at", "surveyed_by"])
    return True
