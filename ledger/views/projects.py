from collections.abc import Callable
from io import BytesIO
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ledger.access import can_create_project, can_edit_project, project_for, projects_for
from ledger.choices import Classification
from ledger.exports.ledger_xlsx import write_ledger
from ledger.exports.scope import scope_for_user
from ledger.extensions import class_decision_for
from ledger.filters import UNCLASSIFIED, ProjectFilter, filter_places, village_label
from ledger.forms import ProjectForm
from ledger.history import history_of
from ledger.http import AuthenticatedRequest
from ledger.models import Project
from ledger.paper import paper_form
from ledger.replica import reads_from_replica
from ledger.selectors import class_counts
from ledger.services import project_create as create_service
from ledger.services import project_update as update_service
from ledger.tables import ProjectTable, paginate
from ledger.views.exports import preparer
from ledger.xlsx import XLSX_CONTENT_TYPE


def _filtered(request: AuthenticatedRequest) -> tuple[ProjectFilter, QuerySet[Project]]:
    """The user's projects (ledger.access.projects_for) under the list's filters."""
    qs = projects_for(request.user).order_by("township_code", "number")  # the index project_list_order
    project_filter = ProjectFilter(request.GET or None, queryset=qs, user=request.user)
    return project_filter, project_filter.qs if project_filter.is_bound else qs


@require_GET
def project_list(request: AuthenticatedRequest) -> HttpResponse:
    project_filter, filtered = _filtered(request)
    counts = class_counts(filtered)
    table = ProjectTable(filtered)
    paginate(request, table, count=counts["total"])
    by_class = [(c.label, c.value, counts[f"class_{c.value}"]) for c in Classification]
    by_class.append(("未认定", UNCLASSIFIED, counts["unclassified"]))
    return render(
        request,
        "ledger/project_list.html",
        {
            "filter": project_filter,
            "table": table,
            "counts": counts,
            "by_class": by_class,
            "can_create": can_create_project(request.user),
            "query": request.GET.urlencode(),
        },
    )


@require_GET
def project_filter_places(request: AuthenticatedRequest) -> JsonResponse:
    """The list filter's village and unit choices for ?township=<id> (site.js), as the page
    itself would offer them: [[id, label], …] each."""
    villages, units = filter_places(request.user, township=request.GET.get("township"))
    return JsonResponse(
        {
            "villages": [[v.pk, village_label(v)] for v in villages],
            "units": [[u.pk, u.name] for u in units],
        }
    )


@require_GET
@reads_from_replica  # a report: its reads may come from the replica (D121)
def project_list_export(request: AuthenticatedRequest) -> FileResponse:
    """ "导出筛选结果": the projects the list shows under the same filters, as the ledger
    (附件5) in .xlsx, with the user's own scope."""
    _, filtered = _filtered(request)
    scope = scope_for_user(request.user)
    buf = BytesIO()
    write_ledger(
        buf, filtered, unit_name=scope.unit_name, preparer=preparer(request.user), county_name=scope.county_name
    )
    buf.seek(0)
    name = f"项目台账筛选结果_{scope.slug}_{timezone.localdate().isoformat()}.xlsx"
    return FileResponse(buf, as_attachment=True, filename=name, content_type=XLSX_CONTENT_TYPE)


def project_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    return render(
        request,
        "ledger/project_detail.html",
        {
            "project": project,
            "paper": paper_form(project),
            "class_decision": class_decision_for(project),
            "history": history_of(project),
            "can_edit": can_edit_project(request.user, project),
        },
    )


def _save(
    request: AuthenticatedRequest, form: ProjectForm, save: Callable[[dict[str, Any]], Project]
) -> HttpResponse | None:
    if request.method == "POST" and form.is_valid():
        try:
            project = save(form.project_data())
        except ValidationError as e:
            if not hasattr(e, "error_dict"):
                form.add_error(None, e.messages)  # a refusal of the whole form (a stale copy)
                return None
            for field, errs in e.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            messages.success(request, "项目已保存。")
            return redirect("project_detail", pk=project.pk)
    return None


def _form_page(request: AuthenticatedRequest, form: ProjectForm, project: Project | None) -> HttpResponse:
    check = form.facts_check()
    facts = None
    if check is not None:
        facts = {
            "consistent": [Classification(c).label for c in check.consistent],
            "suggested": Classification(check.suggested).label if check.suggested else "",
            "notes": check.notes,
        }
    return render(
        request,
        "ledger/project_form.html",
        {
            "form": form,
            "project": project,
            "facts": facts,
            "villages_by_township": form.villages_by_township(),
        },
    )


def project_create(request: AuthenticatedRequest) -> HttpResponse:
    if not can_create_project(request.user):
        raise PermissionDenied("您的角色不能填报项目。")
    form = ProjectForm(request.POST or None, user=request.user)
    done = _save(request, form, lambda data: create_service(by=request.user, data=data))
    return done or _form_page(request, form, None)


def project_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    if not can_edit_project(request.user, project):
        raise PermissionDenied("您无权修改该项目。")
    form = ProjectForm(request.POST or None, instance=project, user=request.user)

    def save(data: dict[str, Any]) -> Project:
        reason = form.cleaned_data.get("change_reason") or "修改"
        version = form.cleaned_data.get("version")
        update_service(project=project, by=request.user, data=data, reason=reason, version=version)
        return project

    done = _save(request, form, save)
    return done or _form_page(request, form, project)
