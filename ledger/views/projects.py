from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ledger.forms import ProjectForm
from ledger.selectors import can_create_project, can_edit_project, project_for, projects_for
from ledger.services import project_create as create_service
from ledger.services import project_update as update_service


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    projects = projects_for(request.user).order_by("township__code", "number")[:200]
    return render(request, "ledger/project_list.html", {"projects": projects})


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    return render(
        request,
        "ledger/project_detail.html",
        {"project": project, "can_edit": can_edit_project(request.user, project)},
    )


def _save(request, form, save) -> HttpResponse | None:
    if request.method == "POST" and form.is_valid():
        try:
            project = save(form.project_data())
        except ValidationError as e:
            for field, errs in e.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            messages.success(request, "项目已保存。")
            return redirect("project_detail", pk=project.pk)
    return None


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    if not can_create_project(request.user):
        raise PermissionDenied("您的角色不能填报项目。")
    form = ProjectForm(request.POST or None, user=request.user)
    done = _save(request, form, lambda data: create_service(by=request.user, data=data))
    return done or render(request, "ledger/project_form.html", {"form": form, "project": None})


@login_required
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    if not can_edit_project(request.user, project):
        raise PermissionDenied("您无权修改该项目。")
    form = ProjectForm(request.POST or None, instance=project, user=request.user)

    def save(data):
        update_service(project=project, by=request.user, data=data)
        return project

    done = _save(request, form, save)
    return done or render(request, "ledger/project_form.html", {"form": form, "project": project})
