from typing import Any

from django import template
from django.db.models import Count
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from approvals.choices import Status
from approvals.models import Notice
from approvals.public import public_url, qr_svg
from approvals.route import draft, is_preparer, new_round_refusal
from approvals.selectors import effective_class, inbox_counts, project_applications
from approvals.services.exits import exit_start_refusal
from ledger.access import can_record_survey
from ledger.choices import Classification
from ledger.models import Project

register = template.Library()


@register.inclusion_tag("approvals/_project_applications.html", takes_context=True)
def project_applications_panel(context: template.Context, project: Project) -> dict[str, Any]:
    user = context["request"].user
    apps = project_applications(project)
    current = effective_class(project)
    latest = next((a for a in apps if a.status != Status.WITHDRAWN), None)
    can_start = is_preparer(user, draft(project)) and not new_round_refusal(latest.status if latest else None)
    return {
        "project": project,
        "applications": apps,
        "can_start": can_start,
        "can_exit": is_preparer(user, draft(project))
        and not exit_start_refusal(project, latest.status if latest else None),
        "effective_label": Classification(current).label if current else "",
        "can_survey": can_record_survey(user, project),
        "surveys": project.field_surveys.select_related("round").annotate(photo_count=Count("photos")),
    }


@register.inclusion_tag("approvals/_home_counts.html", takes_context=True)
def approvals_inbox_counts(context: template.Context) -> dict[str, Any]:
    return {"counts": inbox_counts(context["request"].user)}


@register.filter
def can(app_actions: set[str], name: str) -> bool:
    return name in app_actions


@register.filter
def clause(text: str) -> str:
    """A clause to be joined with others by "；": its own closing punctuation dropped, so
    the page does not read "。；"."""
    return str(text or "").strip().rstrip("。；，、.;, ")


@register.filter
def signed_by(user: Any, unit: Any) -> str:
    """Who signed, once: "县财政局，赵审阅", or the user's name alone when it already
    names the unit."""
    name = getattr(user, "display_name", "") or ""
    unit_name = getattr(unit, "name", "") or ""
    if not unit_name or unit_name in name:
        return name or unit_name
    return f"{unit_name}，{name}" if name else unit_name


@register.simple_tag(takes_context=True)
def notice_qr(context: template.Context, notice: Notice) -> SafeString:
    """The QR code printed on the 公告: the notice's public page (approvals.public)."""
    url = public_url(notice, context.get("request"))
    return format_html(
        '<figure class="notice-qr text-center" id="notice-qr" data-url="{}">'
        '<div role="img" aria-label="公示网页二维码">{}</div>'
        '<figcaption class="small">扫码查看本公示、网上提出异议<br>{}</figcaption></figure>',
        url,
        mark_safe(qr_svg(url)),  # segno's own markup of our URL
        url,
    )
