"""Reads for pages: counts over a set of projects. Which projects a user sees is
ledger.access (`projects_for`)."""

from django.db.models import Count, Q, QuerySet

from ledger.choices import Classification, ProductionStatus
from ledger.models import Project
from ledger.models.projects import SURVEYED


def class_counts(qs: QuerySet[Project]) -> dict[str, int]:
    """Counts by class in force, by production status, unclassified (of which proposed),
    and not surveyed (in no status), in one query."""
    aggregates = {
        "total": Count("pk"),
        "unclassified": Count("pk", filter=Q(classification="")),
        "proposed": Count("pk", filter=Q(classification="") & ~Q(proposed_classification="")),
        "unsurveyed": Count("pk", filter=~SURVEYED),
    }
    for c in Classification:
        aggregates[f"class_{c.value}"] = Count("pk", filter=Q(classification=c.value))
    for s in ProductionStatus:
        aggregates[f"status_{s.value}"] = Count("pk", filter=Q(production_status=s.value))
    return qs.order_by().aggregate(**aggregates)
