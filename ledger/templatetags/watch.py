from typing import Any

from django import template
from django.utils import timezone

from ledger.watch import scope_for_user, watch_sections

register = template.Library()


@register.inclusion_tag("ledger/_watch_counts.html", takes_context=True)
def watch_counts(context: template.Context) -> dict[str, Any]:
    """{% load watch %}{% watch_counts %}: each section of the user's watch with its count."""
    sections = watch_sections(scope_for_user(context["request"].user), timezone.localdate())
    return {"sections": sections, "total": sum(s.count for s in sections)}
