"""What the approvals add to a unit's archive (附件6): item 4, the minutes of the meetings
that decided its applications; item 5, agreements uploaded with applications; item 6, the
county's decision letters (批复), the posted notices (公告) and the other documents of the
applications (survey and evaluation reports, plans). Registered with the ledger's archive
in ApprovalsConfig.ready()."""

from pathlib import PurePath

from django.template.loader import render_to_string

from approvals.calendar import notice_end
from approvals.choices import DocumentKind
from approvals.models import Application, Document, Opinion, RevitalisationPlan
from ledger.exports.archive import ArchiveDocument, kinds_of, safe_name
from ledger.exports.scope import scope_for_unit
from ledger.models import Unit


def _ext(name: str) -> str:
    return PurePath(name).suffix or ".pdf"


def _read(field):
    return lambda: field.open("rb").read()


def approval_documents(unit: Unit | None) -> list[ArchiveDocument]:
    kinds = kinds_of(unit)
    projects = scope_for_unit(unit).projects.filter(managing_level__in=kinds).values("pk")
    apps = list(
        Application.objects.filter(project__in=projects)
        .select_related("project", "party_meeting", "county_meeting", "notice", "notice__unit")
        .order_by("pk")
    )
    out: list[ArchiveDocument] = []
    seen = set()
    for app in apps:
        kind = app.project.managing_level
        for meeting in (app.party_meeting, app.county_meeting):
            if meeting and meeting.minutes and (meeting.pk, kind) not in seen:
                seen.add((meeting.pk, kind))
                name = safe_name(f"会议纪要_{meeting.date:%Y-%m-%d}_{meeting.title}") + _ext(meeting.minutes.name)
                out.append(ArchiveDocument(4, kind, name, _read(meeting.minutes)))
        notice = app.notice
        if notice and ("notice", notice.pk, kind) not in seen:
            seen.add(("notice", notice.pk, kind))
            html = render_to_string(
                "approvals/notice_print.html", {"notice": notice, "end": notice_end(notice.posted_on)}
            )
            name = safe_name(f"公告_{notice.unit.name}_{notice.posted_on:%Y-%m-%d}") + ".html"
            out.append(ArchiveDocument(6, kind, name, lambda html=html: html.encode("utf-8")))
    app_kinds = {a.pk: a.project.managing_level for a in apps}
    letters = {}
    for op in (
        Opinion.objects.filter(application_id__in=app_kinds, meeting__isnull=False, meeting__kind="county")
        .select_related("meeting", "application__project", "application__submitting_unit")
        .order_by("pk")
    ):
        key = (op.meeting_id, op.application.submitting_unit_id, app_kinds[op.application_id])
        letters.setdefault(key, []).append(op)
    for (_, _, kind), opinions in letters.items():
        meeting, letter_unit = opinions[0].meeting, opinions[0].application.submitting_unit
        html = render_to_string(
            "approvals/decision_letter.html", {"meeting": meeting, "opinions": opinions, "unit": letter_unit}
        )
        name = safe_name(f"批复_{letter_unit.name}_{meeting.date:%Y-%m-%d}_{meeting.title}") + ".html"
        out.append(ArchiveDocument(6, kind, name, lambda html=html: html.encode("utf-8")))
    for doc in (
        Document.objects.filter(application_id__in=app_kinds)
        .exclude(file="")
        .select_related("application__project")
        .order_by("pk")
    ):
        item = 5 if doc.kind == DocumentKind.AGREEMENT else 6
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
        out.append(ArchiveDocument(6, app_kinds[plan.application_id], name, _read(plan.file)))
    return out
