"""An application's pages and the actions on it. Each action view: find the application in
the user's scope → validate its form → call one service (which checks the state and the
user against the transition table) → back to the application."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from approvals import services
from approvals.forms import (
    AgreeForm,
    ApplicationForm,
    ApplicationUpdateForm,
    DocumentForm,
    EmptyForm,
    ProgressForm,
    ReasonForm,
    RefilingForm,
    RevitalisationPlanForm,
    TextForm,
)
from approvals.permissions import available_actions
from approvals.route import steps
from approvals.selectors import application_detail, application_for, application_history
from approvals.views.common import AuthenticatedRequest, run, valid
from ledger.access import project_for
from ledger.classification import suggest
from ledger.history import version_of


def application_start(request: AuthenticatedRequest, project_pk: int) -> HttpResponse:
    """发起分类申请 from a project page: pre-filled with the class and measures the unit
    proposes (docs/decisions.md D33), else those in force, else the suggested class."""
    project = project_for(request.user, project_pk)
    initial = {
        "classification": project.proposed_classification or project.classification or suggest(project),
        "measures": project.proposed_measures or project.measures,
    }
    form = ApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        app = run(
            request,
            services.application_create,
            "申请已创建，请核对后报送。",
            by=request.user,
            project=project,
            **form.cleaned_data,
        )
        if app is not None:
            return redirect("approvals:detail", pk=app.pk)
    return render(request, "approvals/application_start.html", {"project": project, "form": form})


def application_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    app = application_detail(request.user, pk)
    plan = getattr(app, "revitalisation_plan", None)
    return render(
        request,
        "approvals/application_detail.html",
        {
            "app": app,
            "actions": available_actions(request.user, app),
            "route": steps(app),
            "agree_form": AgreeForm(user=request.user),
            "refiling_form": RefilingForm(user=request.user),
            "reason_form": ReasonForm(),
            "text_form": TextForm(),
            "update_form": ApplicationUpdateForm(
                initial={"classification": app.classification, "measures": app.measures, "version": version_of(app)}
            ),
            "document_form": DocumentForm(),
            "plan_form": RevitalisationPlanForm(
                initial={"version": version_of(plan)}
                | ({"cause": plan.cause, "resources": plan.resources, "measures": plan.measures} if plan else {})
            ),
            "history": application_history(app),
            "progress_form": ProgressForm(),
        },
    )


def _back(pk: int) -> HttpResponse:
    return redirect("approvals:detail", pk=pk)


@require_POST
def update(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    app = application_for(request.user, pk)
    form = ApplicationUpdateForm(request.POST)
    if valid(request, form):
        run(request, services.application_update, "已保存。", by=request.user, application=app, **form.cleaned_data)
    return _back(app.pk)


@require_POST
def file(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    app = application_for(request.user, pk)
    if valid(request, EmptyForm(request.POST)):
        run(request, services.application_file, "已报送。", by=request.user, application=app)
    return _back(app.pk)


@require_POST
def file_record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """报送备案 (十五): a re-classification after disposal is filed for the record."""
    app = application_for(request.user, pk)
    form = RefilingForm(request.POST, user=request.user)
    if valid(request, form):
        run(request, services.refiling_file, "已报送备案。", by=request.user, application=app, **form.cleaned_data)
    return _back(app.pk)


@require_POST
def record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """备案 (十五): the office records the re-classification; the new class takes effect."""
    app = application_for(request.user, pk)
    form = TextForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    run(request, services.refiling_record, "已备案，新分类生效。", by=request.user, application=app, text=text)
    return _back(app.pk)


@require_POST
def agree(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    app = application_for(request.user, pk)
    form = AgreeForm(request.POST, request.FILES, user=request.user)
    if valid(request, form):
        run(
            request,
            services.application_agree,
            "已签署同意意见。",
            by=request.user,
            application=app,
            text=form.cleaned_data["text"],
            seal=form.cleaned_data["seal"],
            party_meeting=form.cleaned_data["party_meeting"],
        )
    return _back(app.pk)


@require_POST
def send_back(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    app = application_for(request.user, pk)
    form = ReasonForm(request.POST)
    if valid(request, form):
        run(
            request,
            services.application_return,
            "已退回编制单位。",
            by=request.user,
            application=app,
            reason=form.cleaned_data["reason"],
        )
    return _back(app.pk)


@require_POST
def withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    app = application_for(request.user, pk)
    form = ReasonForm(request.POST)
    if valid(request, form):
        run(
            request,
            services.application_withdraw,
            "已撤回。",
            by=request.user,
            application=app,
            reason=form.cleaned_data["reason"],
        )
    return _back(app.pk)


@require_POST
def document(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    app = application_for(request.user, pk)
    form = DocumentForm(request.POST, request.FILES)
    if valid(request, form):
        run(request, services.document_add, "材料已上传。", by=request.user, application=app, **form.cleaned_data)
    return _back(app.pk)


@require_POST
def revitalisation_plan(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    app = application_for(request.user, pk)
    form = RevitalisationPlanForm(request.POST, request.FILES)
    if valid(request, form):
        run(
            request,
            services.revitalisation_plan_save,
            "盘活方案已保存。",
            by=request.user,
            application=app,
            **form.cleaned_data,
        )
    return _back(app.pk)


@require_POST
def joint_review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    app = application_for(request.user, pk)
    form = TextForm(request.POST)
    if valid(request, form):
        run(
            request,
            services.joint_review_save,
            "会审意见已保存。",
            by=request.user,
            application=app,
            text=form.cleaned_data["text"],
        )
    return _back(app.pk)


@require_POST
def progress(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    app = application_for(request.user, pk)
    form = ProgressForm(request.POST, application=app)
    if valid(request, form):
        run(request, services.progress_add, "进展已登记。", by=request.user, application=app, **form.cleaned_data)
    return _back(app.pk)


@require_POST
def complete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    app = application_for(request.user, pk)
    form = TextForm(request.POST)
    if valid(request, form):
        run(
            request,
            services.application_complete,
            "已确认处置完成。",
            by=request.user,
            application=app,
            text=form.cleaned_data["text"],
        )
    return _back(app.pk)


@require_POST
def evaluate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    app = application_for(request.user, pk)
    form = TextForm(request.POST)
    if valid(request, form):
        run(
            request,
            services.application_evaluate,
            "评估已保存，可发起重新分类。",
            by=request.user,
            application=app,
            text=form.cleaned_data["text"],
        )
    return _back(app.pk)
