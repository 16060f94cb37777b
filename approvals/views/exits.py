"""Exit and recovery (二, 基本原则: "对无法建立联农带农机制的，建立退出和追偿机制"): starting an
exit from a project, filing it, the register of exit cases (page and workbook) and each
case's recovery. Each action: find in the user's scope → validate the form → one service."""

from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from approvals import services
from approvals.choices import Act
from approvals.exit_register import amounts, write_register
from approvals.forms import EmptyForm, ExitForm, ReasonForm, RecoveryForm, TextForm
from approvals.route import allowed
from approvals.selectors import application_for, exit_case_for, exit_cases_for
from approvals.views.common import AuthenticatedRequest, run, valid
from ledger import access
from ledger.access import project_for
from ledger.replica import reads_from_replica
from ledger.xlsx import XLSX_CONTENT_TYPE


def exit_start(request: AuthenticatedRequest, project_pk: int) -> HttpResponse:
    """发起退出申请 from a project page."""
    project = project_for(request.user, project_pk)
    form = ExitForm(request.POST or None)
    if request.method == "POST" and valid(request, form):
        app = run(
            request,
            services.exit_create,
            "退出申请已创建，请核对后报送。",
            by=request.user,
            project=project,
            **form.cleaned_data,
        )
        if app is not None:
            return redirect("approvals:detail", pk=app.pk)
    return render(request, "approvals/exit_start.html", {"project": project, "form": form})


@require_POST
def exit_file(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    app = application_for(request.user, pk)
    if valid(request, EmptyForm(request.POST)):
        run(request, services.exit_file, "退出申请已报送。", by=request.user, application=app)
    return redirect("approvals:detail", pk=app.pk)


@require_GET
def exit_register(request: AuthenticatedRequest) -> HttpResponse:
    cases = [(case, *amounts(case)) for case in exit_cases_for(request.user)]
    return render(request, "approvals/exit_register.html", {"cases": cases})


@require_GET
@reads_from_replica  # a report: its reads may come from the replica (D121)
def exit_register_xlsx(request: AuthenticatedRequest) -> FileResponse:
    user = request.user
    county = access.county_of(user)
    unit_name = user.unit.name if user.unit else (county.short_name if county is not None else "彭水自治县")
    buf = write_register(exit_cases_for(user), unit_name=unit_name)
    name = f"退出和追偿台账_{timezone.localdate().isoformat()}.xlsx"
    return FileResponse(buf, as_attachment=True, filename=name, content_type=XLSX_CONTENT_TYPE)


@require_GET
def exit_case(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = exit_case_for(request.user, pk)
    due, got, owed = amounts(case)
    user = request.user
    return render(
        request,
        "approvals/exit_case.html",
        {
            "case": case,
            "due": due,
            "got": got,
            "owed": owed,
            "recoveries": case.recoveries.select_related("by"),
            "can_recover": allowed(user, Act.RECOVER, case),
            "can_settle": allowed(user, Act.SETTLE, case),
            "can_write_off": allowed(user, Act.WRITE_OFF, case),
            "recovery_form": RecoveryForm(),
            "text_form": TextForm(),
            "reason_form": ReasonForm(),
        },
    )


@require_POST
def recovery_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = exit_case_for(request.user, pk)
    form = RecoveryForm(request.POST, request.FILES)
    if valid(request, form):
        run(request, services.recovery_record, "追偿款已登记。", by=request.user, application=case, **form.cleaned_data)
    return redirect("approvals:exit_case", pk=case.pk)


@require_POST
def recovery_settle(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = exit_case_for(request.user, pk)
    form = TextForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    run(request, services.recovery_settle, "已确认追偿结清。", by=request.user, application=case, text=text)
    return redirect("approvals:exit_case", pk=case.pk)


@require_POST
def recovery_write_off(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = exit_case_for(request.user, pk)
    form = ReasonForm(request.POST)
    if valid(request, form):
        run(
            request,
            services.recovery_write_off,
            "已核销。",
            by=request.user,
            application=case,
            reason=form.cleaned_data["reason"],
        )
    return redirect("approvals:exit_case", pk=case.pk)
