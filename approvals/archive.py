"""What the approvals add to a unit's archive (附件6): item 4, the minutes of the meetings
that decided its applications; item 5, agreements uploaded with applications; item 6, the
county's decision letters (批复), the posted notices (公告) and the other documents of the
applications (survey and evaluation reports, plans). Fills the ledger's
`archive_documents` extension point in ApprovalsConfig.ready()."""

from collections.abc import Callable
from pathlib import PurePath
from typing import Any, cast

from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string

from approvals.calendar import notice_end
from approvals.choices import DocumentKind, MeetingKind
from approvals.models import Application, Document, Meeting, Opinion, RevitalisationPlan
from approvals.services.notices import counts_from
from ledger.exports.archive import kinds_of, safe_name
from ledger.exports.scope import scope_for_unit
from ledger.extensions import ArchiveDocument, ArchiveItem
from ledger.models import Unit
from ledger.uploads import sniff


def _ext(name: str) -> str:
    return PurePath(name).suffix or ".pdf"


def _image_ext(field: FieldFile) -> str:
    """A photo's extension, read from its content (stored names carry none)."""
    with field.open("rb") as f:
        found = sniff(f.read(16))
    return f".{found[0]}" if found else ".jpg"


def _read(field: FieldFile) -> Callable[[], bytes]:
    return lambda: field.open("rb").read()


def _html(template: str, context: dict[str, Any]) -> Callable[[], bytes]:
    html = render_to_string(template, context)
    return lambda: html.encode("utf-8")


def approval_documents(unit: Unit | None) -> list[ArchiveDocument]:
    kinds = kinds_of(unit)
    projects = scope_for_unit(unit).projects.filter(managing_level__in=kinds).values("pk")
    apps = list(
        Application.objects.filter(project__in=projects)
        .select_related("project", "party_meeting", "county_meeting", "notice", "notice__unit")
        .prefetch_related("notice__postings")
        .order_by("pk")
    )
    app_kinds = {a.pk: a.project.managing_level for a in apps}
    return _minutes_and_notices(apps) + _decision_letters(app_kinds) + _uploads(app_kinds)


def _minutes_and_notices(apps: list[Application]) -> list[ArchiveDocument]:
    """Item 4, each meeting's minutes, and item 6, each posted notice with the photos of its
    two postings (十四): once per ledger kind."""
    out: list[ArchiveDocument] = []
    seen: set[tuple[Any, ...]] = set()
    for app in apps:
        kind = app.project.managing_level
        for meeting in (app.party_meeting, app.county_meeting):
            if meeting and meeting.minutes and (meeting.pk, kind) not in seen:
                seen.add((meeting.pk, kind))
                name = safe_name(f"会议纪要_{meeting.date:%Y-%m-%d}_{meeting.title}") + _ext(meeting.minutes.name)
                out.append(ArchiveDocument(ArchiveItem.MINUTES, kind, name, _read(meeting.minutes)))
        notice = app.notice
        if notice and ("notice", notice.pk, kind) not in seen:
            seen.add(("notice", notice.pk, kind))
            context = {"notice": notice, "end": notice_end(counts_from(notice))}
            name = safe_name(f"公告_{notice.unit.name}_{notice.posted_on:%Y-%m-%d}") + ".html"
            out.append(ArchiveDocument(ArchiveItem.OTHER, kind, name, _html("approvals/notice_print.html", context)))
            for posting in notice.postings.all():
                label = posting.get_where_display()
                name = safe_name(f"公告张贴照片_{notice.unit.name}_{label}_{posting.posted_on:%Y-%m-%d}_{posting.pk}")
                out.append(
                    ArchiveDocument(ArchiveItem.OTHER, kind, name + _image_ext(posting.photo), _read(posting.photo))
                )
    return out


def _decision_letters(app_kinds: dict[int, str]) -> list[ArchiveDocument]:
    """Item 6: the county's decision letter (批复) of each meeting to each submitting unit."""
    letters: dict[tuple[int | None, int, str], list[Opinion]] = {}
    for op in (
        Opinion.objects.filter(application_id__in=app_kinds, meeting__isnull=False, meeting__kind=MeetingKind.COUNTY)
        .select_related("meeting", "application__project", "application__submitting_unit")
        .order_by("pk")
    ):
        key = (op.meeting_id, op.application.submitting_unit_id, app_kinds[op.application_id])
        letters.setdefault(key, []).append(op)
    out: list[ArchiveDocument] = []
    for (_, _, kind), opinions in letters.items():
        meeting = cast(Meeting, opinions[0].meeting)  # the query keeps the opinions given at a meeting
        letter_unit = opinions[0].application.submitting_unit
        context = {"meeting": meeting, "opinions": opinions, "unit": letter_unit}
        name = safe_name(f"批复_{letter_unit.name}_{meeting.date:%Y-%m-%d}_{meeting.title}") + ".html"
        out.append(ArchiveDocument(ArchiveItem.OTHER, kind, name, _html("approvals/decision_letter.html", context)))
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
        out.append(ArchiveDocument(item, app_kinds[doc.application_id], name, _read(doc.file)))
    for plan in (
        RevitalisationPlan.objects.filter(application_id__in=app_kinds)
        .exclude(file="")
        .select_related("application__project")
        .order_by("pk")
    ):
        project = plan.application.project
        name = safe_name(f"{project.number}_盘活方案_{plan.pk}") + _ext(plan.file.name)
        out.append(ArchiveDocument(ArchiveItem.OTHER, app_kinds[plan.application_id], name, _read(plan.file)))
    return out
