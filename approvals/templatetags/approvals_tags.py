from typing import Any

from django import template
from django.db.models import Count

from approvals.choices import Status
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
