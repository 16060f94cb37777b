"""The application as filed, printed: its frozen copy (ApplicationCopy, taken at each
filing) laid out by the one paper-form presenter (ledger.paper.paper_form), with the
opinions given on that copy in their boxes.

The copy is turned back into an unsaved `Project` (the facts, places and units by the
names they had when filed, the class and measures the application proposed), so the A4
page, its PDF and the workbook print exactly what was filed, whatever the project has
become since. An opinion belongs to the copy current when it was given: the latest copy
filed before it (docs/decisions.md, "The application as filed")."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from approvals.choices import Decision, OpinionStep
from approvals.models import Application, ApplicationCopy, Opinion
from ledger.choices import ManagingLevel
from ledger.models import Division, Project, Unit
from ledger.paper import Opinion as OpinionBox
from ledger.paper import PaperForm, paper_form

# The boxes of the form, in order; a department-managed project's form also carries the
# department's opinion, before the county's (十三).
BOX_ORDER = [OpinionStep.VILLAGE, OpinionStep.TOWNSHIP, OpinionStep.DEPARTMENT, OpinionStep.COUNTY]


def latest_copy(app: Application) -> ApplicationCopy | None:
    return app.copies.order_by("-number").first()


def copy_of(app: Application, number: int | None = None) -> ApplicationCopy | None:
    """The copy of the `number`-th filing, or the latest."""
    return latest_copy(app) if number is None else app.copies.filter(number=number).first()


def _place(model: type[Division] | type[Unit], place: dict[str, Any] | None) -> Any:
    return None if place is None else model(pk=place["id"], name=place["name"])


def project_as_filed(copy: ApplicationCopy) -> Project:
    """An unsaved project holding the copy's facts, places and proposed class (never saved)."""
    data = copy.data
    project = Project(pk=copy.application.project_id)
    project.county = copy.application.project.county  # the form's title names the county
    known = {f.name for f in Project._meta.concrete_fields}
    for name, value in data["fields"].items():
        if name not in known:  # a field the project no longer has: the copy still prints
            continue
        field = Project._meta.get_field(name)
        if field.is_relation:
            setattr(project, field.attname, value)  # type: ignore[union-attr]
        else:
            setattr(project, name, field.to_python(value))  # type: ignore[union-attr]
    places = data["places"]
    project.township = _place(Division, places["township"])
    project.village = _place(Division, places["village"])
    project.managing_unit = _place(Unit, places["managing_unit"])
    project.classification = data["classification"]
    project.measures = data["measures"]
    return project


def copy_opinions(copy: ApplicationCopy) -> list[Opinion]:
    """The opinions given on this copy: after it was filed and before the next filing."""
    qs = Opinion.objects.filter(application_id=copy.application_id, created_at__gte=copy.filed_at)
    following = copy.application.copies.filter(number__gt=copy.number).order_by("number").first()
    if following is not None:
        qs = qs.filter(created_at__lt=following.filed_at)
    return list(qs.select_related("unit", "user", "meeting").order_by("created_at", "pk"))


def form_date(at: datetime) -> str:
    d = timezone.localtime(at).date()
    return f"{d.year}年{d.month}月{d.day}日"


def _box(step: OpinionStep, op: Opinion | None) -> OpinionBox:
    if op is None:
        return OpinionBox(step.value, step.label)
    text = op.text if op.decision == Decision.AGREE else f"（{op.get_decision_display()}）{op.text}"
    signer = "" if op.user is None else (op.user.display_name or op.user.username)
    return OpinionBox(step.value, step.label, op.unit.name, text, signer, form_date(op.created_at))


def opinion_boxes(copy: ApplicationCopy, opinions: list[Opinion]) -> list[OpinionBox]:
    """One box per step of the form: the last opinion given in it on this copy, or empty."""
    given = {op.step: op for op in opinions}  # in order given: the last one of a step wins
    level = copy.data["fields"].get("managing_level")
    return [
        _box(step, given.get(step))
        for step in BOX_ORDER
        if step != OpinionStep.DEPARTMENT or step in given or level == ManagingLevel.DEPARTMENT
    ]


def filed_form(copy: ApplicationCopy) -> tuple[Project, PaperForm, list[Opinion]]:
    """The copy's project, its printed form with the opinions in their boxes, and those
    opinions (for their seal scans)."""
    project = project_as_filed(copy)
    opinions = copy_opinions(copy)
    return project, paper_form(project, opinion_boxes(copy, opinions)), opinions


TEMPLATE = "ledger/exports/form_print.html"  # the one print page of the form (附件1–3)


def print_context(copy: ApplicationCopy, *, for_pdf: bool = False) -> dict[str, Any]:
    """What the print page needs to draw the copy (the page adds its own links)."""
    project, paper, _ = filed_form(copy)
    return {"project": project, "paper": paper, "caption": caption(copy), "for_pdf": for_pdf}


def caption(copy: ApplicationCopy) -> str:
    who = "" if copy.filed_by is None else (copy.filed_by.display_name or copy.filed_by.username)
    at = timezone.localtime(copy.filed_at)
    return (
        f"第{copy.application.sequence}次分类 · 第{copy.number}次报送 · 报送时间：{at:%Y-%m-%d %H:%M} · 报送人：{who}"
    )
