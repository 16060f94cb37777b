from django import template

from approvals.route import is_preparer
from approvals.selectors import effective_class, inbox_counts, project_applications

register = template.Library()


@register.inclusion_tag("approvals/_project_applications.html", takes_context=True)
def project_applications_panel(context, project):
    user = context["request"].user
    apps = project_applications(project)
    current = effective_class(project)
    from approvals.models import Application

    draft = Application(
        managing_level=project.managing_level,
        managing_unit_id=project.managing_unit_id,
        township_id=project.township_id,
        village_id=project.village_id,
    )
    open_app = next((a for a in apps if a.status not in ("withdrawn", "evaluated", "effective", "completed")), None)
    latest = next((a for a in apps if a.status != "withdrawn"), None)
    can_start = is_preparer(user, draft) and open_app is None and (latest is None or latest.status == "evaluated")
    from ledger.choices import Classification

    return {
        "project": project,
        "applications": apps,
        "can_start": can_start,
        "effective_label": Classification(current).label if current else "",
    }


@register.inclusion_tag("approvals/_home_counts.html", takes_context=True)
def approvals_inbox_counts(context):
    return {"counts": inbox_counts(context["request"].user)}


@register.filter
def can(app_actions, name):
    return name in app_actions
