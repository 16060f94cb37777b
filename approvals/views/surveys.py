"""The field survey on a phone (实地调研, 十二): the form (static/pengshui/survey.js keeps
it as a draft in the browser and sends it when the connection returns), the record with
its photos, and its report as a print page, a PDF and a .docx."""

from __future__ import annotations

import uuid
from io import BytesIO

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from approvals import services
from approvals.models import FieldSurvey, SurveyPhoto
from approvals.services.surveys import PhotoIn, survey_application
from approvals.survey_report import report_context, report_docx, report_filename, report_pdf
from approvals.surveys import SurveyForm, fact_rows, facts_of
from approvals.views.common import AuthenticatedRequest
from approvals.views.files import stored_file
from ledger import access
from ledger.pdf import PDF_CONTENT_TYPE

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PHOTO_FIELDS = ("taken_at", "lat", "lon", "source")


def surveys_for(user: object) -> object:
    return FieldSurvey.objects.filter(project__in=access.projects_for(user)).select_related("project", "round", "unit")


def _survey(request: AuthenticatedRequest, pk: int) -> FieldSurvey:
    return get_object_or_404(surveys_for(request.user), pk=pk)  # type: ignore[arg-type]


def _photos(request: AuthenticatedRequest) -> list[PhotoIn]:
    """The photos in the order sent, each with the fields the page read for it."""
    files = request.FILES.getlist("photos")
    extra = {name: request.POST.getlist(f"photo_{name}") for name in PHOTO_FIELDS}
    return [
        PhotoIn(f, {name: (extra[name][i] if i < len(extra[name]) else "") for name in PHOTO_FIELDS})
        for i, f in enumerate(files)
    ]


def _wants_json(request: AuthenticatedRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def survey_start(request: AuthenticatedRequest, project_pk: int) -> HttpResponse:
    project = access.project_for(request.user, project_pk)
    if not access.can_record_survey(request.user, project):
        raise PermissionDenied("只有项目主管单位的乡镇(街道)、村(居)或行业部门人员可以记录实地调研。")
    surveys = list(project.field_surveys.select_related("round").all())
    if request.method == "POST":
        form = SurveyForm(request.POST)
        errors: list[str] = []
        if form.is_valid():
            try:
                survey, _ = services.survey_record(
                    by=request.user,
                    project=project,
                    key=form.cleaned_data["key"],
                    surveyed_on=form.cleaned_data["surveyed_on"],
                    people=form.cleaned_data["people"],
                    facts=form.facts(),
                    notes=form.notes(),
                    photos=_photos(request),
                )
            except ValidationError as e:
                errors = e.messages
            except PermissionDenied as e:
                errors = [str(e)]
            else:
                url = reverse("approvals:survey", args=[survey.pk])
                if _wants_json(request):
                    return JsonResponse({"url": url, "pk": survey.pk})
                messages.success(request, "实地调研已记录，项目现状已按调研结果更新。")
                return redirect(url)
        else:
            for name, errs in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                errors += [f"{label}：{e}" if label else str(e) for e in errs]
        if _wants_json(request):
            return JsonResponse({"errors": errors}, status=400)
        for error in errors:
            messages.error(request, error)
    else:
        last = surveys[0] if surveys else None
        form = SurveyForm(
            initial={
                "key": uuid.uuid4(),
                "surveyed_on": timezone.localdate().isoformat(),
                "people": last.people if last else "",
            },
            initial_facts=facts_of(project, last),
        )
    return render(
        request,
        "approvals/survey_form.html",
        {"project": project, "form": form, "surveys": surveys},
    )


@require_GET
def survey_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    app = survey_application(survey)
    return render(
        request,
        "approvals/survey_detail.html",
        {
            "survey": survey,
            "project": survey.project,
            "facts": fact_rows(survey.facts),
            "notes": survey.notes(),
            "photos": survey.photos.all(),
            "application": app,
            "can_attach": app is not None and access.can_record_survey(request.user, survey.project),
        },
    )


@require_GET
def survey_print(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    return HttpResponse(render_to_string("approvals/survey_print.html", report_context(survey, for_pdf=False)))


@require_GET
def survey_pdf(request: AuthenticatedRequest, pk: int) -> FileResponse:
    survey = _survey(request, pk)
    return FileResponse(
        BytesIO(report_pdf(survey)),
        as_attachment=True,
        filename=report_filename(survey, "pdf"),
        content_type=PDF_CONTENT_TYPE,
    )


@require_GET
def survey_docx(request: AuthenticatedRequest, pk: int) -> FileResponse:
    survey = _survey(request, pk)
    return FileResponse(
        BytesIO(report_docx(survey)),
        as_attachment=True,
        filename=report_filename(survey, "docx"),
        content_type=DOCX_CONTENT_TYPE,
    )


@require_POST
def survey_attach(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    try:
        document = services.survey_report_attach(by=request.user, survey=survey, pdf=report_pdf(survey))
    except (ValidationError, PermissionDenied) as e:
        messages.error(request, "；".join(e.messages) if isinstance(e, ValidationError) else str(e))
        return redirect("approvals:survey", pk=survey.pk)
    messages.success(request, "实地调研情况报告已加入申请材料。")
    return redirect("approvals:detail", pk=document.application_id)


@require_GET
def survey_photo(request: AuthenticatedRequest, pk: int) -> FileResponse:
    photo = get_object_or_404(
        SurveyPhoto.objects.filter(survey__project__in=access.projects_for(request.user)).select_related(
            "survey__project"
        ),
        pk=pk,
    )
    return stored_file(photo.image, f"调研照片_{photo.survey.project.name}_{pk}")


@require_GET
def survey_worker(request: AuthenticatedRequest) -> HttpResponse:
    """The survey page's service worker, served under /approvals/ so that it may keep the
    survey pages (a script under /static/ could control only /static/)."""
    found = finders.find("pengshui/survey-sw.js")
    assert isinstance(found, str)
    with open(found, encoding="utf-8") as f:
        response = HttpResponse(f.read(), content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
