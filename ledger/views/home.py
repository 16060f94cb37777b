from django.http import HttpResponse
from django.shortcuts import render

from ledger.access import can_create_project, projects_for
from ledger.choices import Classification, ProductionStatus
from ledger.http import AuthenticatedRequest
from ledger.selectors import breakdown, class_counts


def home(request: AuthenticatedRequest) -> HttpResponse:
    groups = breakdown(projects_for(request.user))  # the counts and the township chart (D126)
    counts = class_counts(groups=groups)
    by_class = [(c.label, c.value, counts[f"class_{c.value}"]) for c in Classification]
    by_status = [(s.label, s.value, counts[f"status_{s.value}"]) for s in ProductionStatus]
    by_status.append(("尚未调研", "", counts["unsurveyed"]))  # in none of the statuses
    return render(
        request,
        "ledger/home.html",
        {
            "counts": counts,
            "by_class": by_class,
            "by_status": by_status,
            "can_create": can_create_project(request.user),
            "project_groups": groups,
        },
    )
