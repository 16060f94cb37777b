"""What the approvals add to a unit's archive (附件6): item 1, each application's form as
filed (its frozen copy, as PDF, with the opinions in their boxes) and the scans of its
sealed pages; item 4, the minutes of the meetings that decided its applications; item 5,
agreements uploaded with applications; item 6, the county's decision letters (批复) and
the posted notices (公告) as PDF, and the other documents of the applications (survey and
evaluation reports, plans). Fills the ledger's `archive_documents` and `archive_gaps`
extension points in ApprovalsConfig.ready().

Every document is opened or rendered only when the package writes it (`open_fn`), so the
package holds one PDF at a time, and a stored file is copied from storage in chunks."""

from collections.abc import Callable
from functools import partial
from io import BytesIO
from pathlib import PurePath
from typing import IO, Any, cast

from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string

from approvals.calendar import notice_end
from approvals.choices import Action, DocumentKind
from approvals.models import (
    Application,
    ApplicationCopy,
    DecisionLetter,
    Document,
    Opinion,
    RevitalisationPlan,
)
from approvals.paper import TEMPLATE, print_context
from approvals.services.notices import counts_from
from ledger import access
from ledger.exports.archive import kinds_of, opener, safe_name
from ledger.exports.scope import scope_for_unit
from ledger.extensions import ArchiveDocument, ArchiveItem
from ledger.models import Project, Unit
from ledger.pdf import html_to_pdf
from ledger.uploads import sniff


def _scan_ext(field: FieldFile) -> str:
    """The extension of an uploaded scan, read from its content (stored names have none)."""
    with field.open("rb") as f:
        kind = sniff(f.read(16))
    return f".{kind[0]}" if kind else _ext(field.name or "")


def _ext(name: str) -> str:
    return PurePath(name).suffix or ".pdf"


def _image_ext(field: FieldFile) -> str:
    """A photo's extension, read from its content (stored names carry none)."""
    with field.open("rb") as f:
        found = sniff(f.read(16))
    return f".{found[0]}" if found else ".jpg"


def _pdf(template: str, context: Callable[[], dict[str, Any]]) -> Callable[[], IO[bytes]]:
    """A printed page as PDF, rendered when the package writes it."""
    return lambda: BytesIO(html_to_pdf(render_to_string(template, context())))


def _projects(unit: Unit | None) -> Any:
    return scope_for_unit(unit).projects.filter(managing_level__in=kinds_of(unit)).values("pk")


def approval_documents(unit: Unit | None) -> list[ArchiveDocument]:
    projects = _projects(unit)
    apps = list(
        Application.objects.filter(project__in=projects)
        .select_related("project", "party_meeting", "county_meeting", "notice", "notice__unit")
        .prefetch_related("notice__postings")
        .order_by("pk")
    )
    app_kinds = {a.pk: a.project.managing_level for a in apps}
    county_minutes = unit is None or access.reads_county_minutes(access.unit_user(unit))
    return (
        _forms_as_filed(apps)
        + _minutes_and_notices(apps, county_minutes=county_minutes)
        + _decision_letters(app_kinds)
        + _uploads(app_kinds)
    )


def _forms_as_filed(apps: list[Application]) -> list[ArchiveDocument]:
    """Item 1: each application's latest copy as filed, as PDF, and its sealed pages."""
    by_pk = {a.pk: a for a in apps}
    latest: dict[int, ApplicationCopy] = {}
    for copy in ApplicationCopy.objects.filter(application_id__in=by_pk).order_by("application_id", "-number"):
        latest.setdefault(copy.application_id, copy)
    out: list[ArchiveDocument] = []
    for app_pk, copy in latest.items():
        app = by_pk[app_pk]
        copy.application = app
        name = safe_name(f"{_label(app.project)}_第{app.sequence}次分类_审批表_第{copy.number}次报送") + ".pdf"
        out.append(ArchiveDocument(ArchiveItem.FORMS, app.project.managing_level, name, _form_pdf(copy)))
    for op in Opinion.objects.filter(application_id__in=by_pk).exclude(seal="").order_by("application_id", "pk"):
        app = by_pk[op.application_id]
        name = safe_name(f"{_label(app.project)}_第{app.sequence}次分类_盖章页_{op.get_step_display()}_{op.pk}")
        out.append(
            ArchiveDocument(ArchiveItem.FORMS, app.project.managing_level, name + _scan_ext(op.seal), opener(op.seal))
        )
    return out


def _label(project: Project) -> str:
    return f"{project.number}_{project.name}"


def _form_pdf(copy: ApplicationCopy) -> Callable[[], IO[bytes]]:
    return _pdf(TEMPLATE, lambda: print_context(copy, for_pdf=True))


def forms_gaps(unit: Unit | None) -> set[tuple[int, str]]:
    """Item 1 is incomplete for a ledger kind while a filed application of it has no copy
    as filed (one filed before copies were kept)."""
    missing = (
        Application.objects.filter(project__in=_projects(unit), transitions__action=Action.FILE, copies__isnull=True)
        .order_by()
        .values_list("project__managing_level", flat=True)
        .distinct()
    )
    return {(int(ArchiveItem.FORMS), kind) for kind in missing}


def _minutes_and_notices(apps: list[Application], *, county_minutes: bool) -> list[ArchiveDocument]:
    """Item 4, each meeting's minutes, and item 6, each posted notice with the photos of its
    two postings (十四): once per ledger kind. The county meeting's minutes record every
    unit's decisions: only the county's archive holds them (`county_minutes`); a unit's
    holds its party-committee minutes and, in item 6, the county's 批复 to it."""
    out: list[ArchiveDocument] = []
    seen: set[tuple[Any, ...]] = set()
    for app in apps:
        kind = app.project.managing_level
        for meeting in (app.party_meeting, app.county_meeting if county_minutes else None):
            if meeting and meeting.minutes and (meeting.pk, kind) not in seen:
                seen.add((meeting.pk, kind))
                name = safe_name(f"会议纪要_{meeting.date:%Y-%m-%d}_{meeting.title}") + _scan_ext(meeting.minutes)
                out.append(ArchiveDocument(ArchiveItem.MINUTES, kind, name, opener(meeting.minutes)))
        notice = app.notice
        if notice and ("notice", notice.pk, kind) not in seen:
            seen.add(("notice", notice.pk, kind))
            context = {"notice": notice, "end": notice_end(counts_from(notice))}
            name = safe_name(f"公告_{notice.unit.name}_{notice.posted_on:%Y-%m-%d}") + ".pdf"
            out.append(
                ArchiveDocument(
                    ArchiveItem.OTHER, kind, name, _pdf("approvals/notice_print.html", partial(dict, context))
                )
            )
            for posting in notice.postings.all():
                label = posting.get_where_display()
                name = safe_name(f"公告张贴照片_{notice.unit.name}_{label}_{posting.posted_on:%Y-%m-%d}_{posting.pk}")
                out.append(
                    ArchiveDocument(ArchiveItem.OTHER, kind, name + _image_ext(posting.photo), opener(posting.photo))
                )
    return out


def _decision_letters(app_kinds: dict[int, str]) -> list[ArchiveDocument]:
    """Item 6: the county's decision letters (批复), each with its 文号, one PDF per letter
    and kind of form (a letter may answer applications of two managing levels)."""
    letters: dict[tuple[int, str], list[Opinion]] = {}
    for op in (
        Opinion.objects.filter(application_id__in=app_kinds, letter__isnull=False)
        .select_related("letter__meeting", "letter__unit", "application__project", "application__submitting_unit")
        .order_by("pk")
    ):
        letters.setdefault((cast(int, op.letter_id), app_kinds[op.application_id]), []).append(op)
    out: list[ArchiveDocument] = []
    for (_, kind), opinions in letters.items():
        letter = cast(DecisionLetter, opinions[0].letter)  # the query keeps the opinions of a letter
        context = {"letter": letter, "meeting": letter.meeting, "opinions": opinions, "unit": letter.unit}
        number = letter.number or "未编号"
        name = safe_name(f"批复_{number}_{letter.unit.name}_{letter.meeting.date:%Y-%m-%d}_{letter.meeting.title}")
        out.append(
            ArchiveDocument(
                ArchiveItem.OTHER, kind, name + ".pdf", _pdf("approvals/decision_letter.html", partial(dict, context))
            )
        )
    return out


def _uploads(app_kinds: dict[int, str]) -> list[ArchiveDocument]:
    """Item 5, the agreements uploaded with applications; item 6, their other documents and
    revitalisation plans."""
    out: list[ArchiveDocument] = []
    for doc in (
        Document.objects.filter(application_id__in=app_kinds)
        .exclude(file="")
        .select_related("application__project")
        .order_by("pk")
    ):
        item = ArchiveItem.CONTRACTS if doc.kind == DocumentKind.AGREEMENT else ArchiveItem.OTHER
        project = doc.application.project
        name = safe_name(f"{project.number}_{doc.get_kind_display()}_{doc.pk}") + _ext(doc.file.name)
        out.append(ArchiveDocument(item, app_kinds[doc.application_id], name, opener(doc.file)))
    for plan in (
        RevitalisationPlan.objects.filter(application_id__in=app_kinds)
        .exclude(file="")
        .select_related("application__project")
        .order_by("pk")
    ):
        project = plan.application.project
        name = safe_name(f"{project.number}_盘活方案_{plan.pk}") + _ext(plan.file.name)
        out.append(ArchiveDocument(ArchiveItem.OTHER, app_kinds[plan.application_id], name, opener(plan.file)))
    return out
