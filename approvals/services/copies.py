"""The application as filed: the frozen copy of the form taken at each filing (报送; 十三).

What is printed, signed and archived is this copy, never today's project: the project's
facts (money as strings), its places and units by id and name (a later rename changes
nothing), the proposed class and measures the application holds, and the list of its
documents. See docs/decisions.md, "The application as filed"."""

from typing import Any

from django.db.models import Max
from django.utils import timezone

from approvals.models import Application, ApplicationCopy
from approvals.services.common import snapshot
from ledger.models import Division, Unit, User


def _place(obj: Division | Unit | None) -> dict[str, Any] | None:
    return None if obj is None else {"id": obj.pk, "name": obj.name}


def _who(user: User | None) -> str:
    return "" if user is None else (user.display_name or user.username)


def frozen_form(app: Application) -> dict[str, Any]:
    """The form of `app` as it stands now, as JSON."""
    project = app.project
    return {
        "fields": snapshot(project),
        "places": {
            "township": _place(project.township),
            "village": _place(project.village),
            "managing_unit": _place(project.managing_unit),
            "submitting_unit": _place(app.submitting_unit),
        },
        "classification": app.classification,
        "classification_label": app.get_classification_display(),
        "measures": app.measures,
        "documents": [
            {
                "kind": d.kind,
                "kind_label": d.get_kind_display(),
                "title": d.title,
                "file": d.file.name or "",
                "uploaded_by": _who(d.uploaded_by),
                "uploaded_at": timezone.localtime(d.created_at).isoformat(timespec="seconds"),
            }
            for d in app.documents.select_related("uploaded_by").order_by("created_at", "pk")
        ],
    }


def application_copy_create(*, app: Application, by: User) -> ApplicationCopy:
    """Freeze the form of `app` as filed by `by` (called by `application_file`, inside its
    transaction, with the application locked)."""
    last = app.copies.aggregate(n=Max("number"))["n"] or 0
    return ApplicationCopy.objects.create(
        application=app, number=last + 1, data=frozen_form(app), filed_by=by, filed_at=timezone.now()
    )
