from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from approvals import services
from approvals.forms import (
    AgreeForm,
    ApplicationForm,
    DocumentForm,
    EmptyForm,
    ProgressForm,
    ReasonForm,
    RevitalisationPlanForm,
    TextForm,
)
from approvals.permissions import available_actions
from approvals.route import steps
from approvals.selectors import application_detail, application_for
from approvals.views.common import form_errors, run
from ledger.access import project_for
from ledger.classification import suggest


@login_required
def application_start(request, project_pk: int):
    """发起分类申请 from a project page: pre-filled from the project's current facts."""
    project = project_for(request.user, project_pk)
    initial = {"classification": project.classification or suggest(project), "measures": project.measures}
    form = ApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        created = {}

        def call():
            created["app"] = services.application_create(by=request.user, project=project, **form.cleaned_data)

        if run(request, call, "申请已创建，请核对后报送。"):
            return redirect("approvals:detail", pk=created["app"].pk)
    return render(request, "approvals/application_start.html", {"project": project, "form": form})


@login_required
def application_view(request, pk: int):
    app = application_detail(request.user, pk)
    actions = available_actions(request.user, app)
    return render(
        request,
        "approvals/application_detail.html",
        {
            "app": app,
            "actions": actions,
            "route": steps(app),
            "agree_form": AgreeForm(user=request.user),
            "reason_form": ReasonForm(),
            "text_form": TextForm(),
            "update_form": ApplicationForm(initial={"classification": app.classification, "measures": app.measures}),
            "document_form": DocumentForm(),
            "plan_form": RevitalisationPlanForm(
                initial=getattr(app, "revitalisation_plan", None)
                and {
                    "cause": app.revitalisation_plan.cause,
                    "resources": app.revitalisation_plan.resources,
                    "measures": app.revitalisation_plan.measures,
                }
            ),
            "progress_form": ProgressForm(),
        },
    )


def _action(form_class, call, done, files=False, form_kwargs=None):
    """A POST-only view: validate the form, call one service, go back to the application."""

    @login_required
    @require_POST
    def view(request, pk: int):
        app = application_for(request.user, pk)
        kwargs = form_kwargs(request) if form_kwargs else {}
        form = form_class(request.POST, request.FILES if files else None, **kwargs)
        if form.is_valid():
            run(request, lambda: call(request.user, app, form.cleaned_data), done)
        else:
            form_errors(request, form)
        return redirect("approvals:detail", pk=app.pk)

    return view


update = _action(ApplicationForm, lambda u, a, d: services.application_update(by=u, application=a, **d), "已保存。")
file = _action(EmptyForm, lambda u, a, d: services.application_file(by=u, application=a), "已报送。")
agree = _action(
    AgreeForm,
    lambda u, a, d: services.application_agree(
        by=u, application=a, text=d["text"], seal=d["seal"], party_meeting=d["party_meeting"]
    ),
    "已签署同意意见。",
    files=True,
    form_kwargs=lambda r: {"user": r.user},
)
send_back = _action(
    ReasonForm, lambda u, a, d: services.application_return(by=u, application=a, reason=d["reason"]), "已退回编制单位。"
)
withdraw = _action(
    ReasonForm, lambda u, a, d: services.application_withdraw(by=u, application=a, reason=d["reason"]), "已撤回。"
)
document = _action(
    DocumentForm, lambda u, a, d: services.document_add(by=u, application=a, **d), "材料已上传。", files=True
)
revitalisation_plan = _action(
    RevitalisationPlanForm,
    lambda u, a, d: services.revitalisation_plan_save(by=u, application=a, **d),
    "盘活方案已保存。",
    files=True,
)
joint_review = _action(
    TextForm, lambda u, a, d: services.joint_review_save(by=u, application=a, text=d["text"]), "会审意见已保存。"
)
progress = _action(ProgressForm, lambda u, a, d: services.progress_add(by=u, application=a, **d), "进展已登记。")
complete = _action(
    TextForm, lambda u, a, d: services.application_complete(by=u, application=a, text=d["text"]), "已确认处置完成。"
)
evaluate = _action(
    TextForm,
    lambda u, a, d: services.application_evaluate(by=u, application=a, text=d["text"]),
    "评估已保存，可发起重新分类。",
)
