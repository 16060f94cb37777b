"""Reads for pages: counts over a set of projects. Which projects a user sees is
ledger.access (`projects_for`)."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from ledger.choices import Classification, ProductionStatus
from ledger.models import Project
from ledger.models.projects import SURVEYED


def breakdown(qs: QuerySet[Project]) -> list[dict[str, Any]]:
    """The projects grouped by township, class in force and production status, each group
    with its number of projects, of proposed ones and of surveyed ones: one query (on
    PostgreSQL an index-only scan of `project_breakdown`), from which every count of the
    home page, the list and the township chart is derived (D126)."""
    return list(
        qs.order_by()
        .values("township_id", "classification", "production_status")
        .annotate(
            # counted on the township (never null, in the index), not on the id (not in it)
            n=Count("township"),
            n_proposed=Count("township", filter=~Q(proposed_classification="")),
            n_surveyed=Count("township", filter=SURVEYED),
        )
    )


def class_counts(qs: QuerySet[Project] | None = None, *, groups: list[dict[str, Any]] | None = None) -> dict[str, int]:
    """Counts by class in force, by production status, unclassified (of which proposed),
    and not surveyed (in no status): from the groups of `breakdown` (one query when not given)."""
    if groups is None:
        assert qs is not None, "class_counts needs a queryset or its groups"
        groups = breakdown(qs)
    rows = groups
    counts = {"total": 0, "unclassified": 0, "proposed": 0, "unsurveyed": 0}
    counts.update({f"class_{c.value}": 0 for c in Classification})
    counts.update({f"status_{s.value}": 0 for s in ProductionStatus})
    for row in rows:
        n = row["n"]
        counts["total"] += n
        counts["unsurveyed"] += n - row["n_surveyed"]
        if row["classification"]:
            counts[f"class_{row['classification']}"] = counts.get(f"class_{row['classification']}", 0) + n
        else:
            counts["unclassified"] += n
            counts["proposed"] += row["n_proposed"]
        if row["production_status"]:
            key = f"status_{row['production_status']}"
            counts[key] = counts.get(key, 0) + n
    return counts
