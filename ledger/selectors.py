"""Reads for pages: counts over a set of projects. Which projects a user sees is
ledger.access (`projects_for`)."""

from django.db.models import Count, Q, QuerySet

from ledger.choices import Classification, ProductionStatus
from ledger.models import Project


def class_counts(qs: QuerySet[Project]) -> dict[str, int]:
    """Counts by class, by production status, and unclassified, in one query."""
    aggregates = {"total": Count("pk"), "unclassified": Count("pk", filter=Q(classification=""))}
    for c in Classification:
        aggregates[f"class_{c.value}"] = Count("pk", filter=Q(classification=c.value))
    for s in ProductionStatus:
        aggregates[f"status_{s.value}"] = Count("pk", filter=Q(production_status=s.value))
    return qs.order_by().aggregate(**aggregates)
