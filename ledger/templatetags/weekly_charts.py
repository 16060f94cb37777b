from typing import Any

from django import template

from ledger.access import projects_for
from ledger.weekly.charts import home_charts

register = template.Library()


@register.inclusion_tag("ledger/weekly/home_charts.html", takes_context=True)
def weekly_home_charts(context: template.Context) -> dict[str, Any]:
    """{% load weekly_charts %}{% weekly_home_charts %} on a home page."""
    user = context["request"].user
    return home_charts(user, projects_for(user), groups=context.get("project_groups"))
