"""Downloads of the official tables, each for the user's own scope (optionally one
township or one department of it)."""

from io import BytesIO

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ledger.access import (
    can_edit_project,
    can_generate_snapshots,
    can_request_archive,
    county_q,
    project_for,
    projects_for,
    reads_county_reports,
)
from ledger.choices import UnitKind
from ledger.documents import DocumentForm, project_document_add
from ledger.exports.archive import catalogue, write_catalogue
from ledger.exports.forms import write_forms
from ledger.exports.ledger_xlsx import write_ledger
from ledger.exports.scope import Scope, scope_for_unit, scope_for_user
from ledger.exports.snapshots import snapshot_filename, snapshot_generate, snapshots_for
from ledger.exports.statistics import write_statistics
from ledger.http import AuthenticatedRequest
from ledger.jobs import job_request
from ledger.models import Division, JobKind, ProjectDocument, Unit, User
from ledger.paper import NOT_AN_APPLICATION, paper_form
from ledger.replica import reads_from_replica
from ledger.uploads import open_stored
from ledger.xlsx import XLSX_CONTENT_TYPE


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        raise Http404("参数无效。") from None


def request_scope(request: AuthenticatedRequest, *, reports: bool = False) -> Scope:
    """The user's scope narrowed by ?township=<division id> and ?department=<unit id>;
    with `reports` (附件4, 附件5), the county's for those who read the county's reports."""
    township_id, department_id = _int(request.GET.get("township")), _int(request.GET.get("department"))
    township = department = None
    if township_id:
        township = Division.objects.filter(county_q(request.user), pk=township_id, level="township").first()
        if township is None:
            raise Http404("没有该乡镇(街道)。")
    if department_id:
        department = Unit.objects.filter(county_q(request.user), pk=department_id, kind=UnitKind.DEPARTMENT).first()
        if department is None:
            raise Http404("没有该行业部门。")
    return scope_for_user(request.user, township=township, department=department, reports=reports)


def preparer(user: User) -> str:
    return " ".join(x for x in (user.display_name, user.phone) if x)


def xlsx_response(data: bytes | BytesIO, filename: str) -> FileResponse:
    buf = data if isinstance(data, BytesIO) else BytesIO(data)
    buf.seek(0)
    return FileResponse(buf, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


def _stamp() -> str:
    return timezone.localdate().isoformat()


@require_GET
def exports_page(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    townships: QuerySet[Division] | list[Division] = []
    departments: QuerySet[Unit] | list[Unit] = []
    if reads_county_reports(user):
        townships = Division.objects.filter(county_q(user), level="township").order_by("code")
        departments = Unit.objects.filter(county_q(user), kind=UnitKind.DEPARTMENT, active=True).order_by("code")
    scope = request_scope(request, reports=True)
    return render(
        request,
        "ledger/exports/index.html",
        {"scope": scope, "townships": townships, "departments": departments, "query": request.GET.urlencode()},
    )


@require_GET
@reads_from_replica  # a report: its reads may come from the replica (D121)
def ledger_download(request: AuthenticatedRequest) -> FileResponse:
    scope = request_scope(request, reports=True)
    buf = BytesIO()
    write_ledger(
        buf, scope.projects, unit_name=scope.unit_name, preparer=preparer(request.user), county_name=scope.county_name
    )
    return xlsx_response(buf, f"管理台账_{scope.slug}_{_stamp()}.xlsx")


@require_GET
@reads_from_replica  # a report: its reads may come from the replica (D121)
def statistics_download(request: AuthenticatedRequest) -> FileResponse:
    scope = request_scope(request, reports=True)
    buf = BytesIO()
    write_statistics(
        buf,
        scope.projects,
        unit_name=scope.unit_name,
        group_by=scope.group_by,
        township=scope.township,
        preparer=preparer(request.user),
        county=scope.county,
        county_name=scope.county_name,
    )
    return xlsx_response(buf, f"分类统计表_{scope.slug}_{_stamp()}.xlsx")


# ---- application forms (附件1–3) ------------------------------------------------------
# A project's print page shows its current facts; the application as filed is printed from
# its frozen copy (the application's own print page).
@require_GET
def form_print(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    links = [
        ("下载 Excel", reverse("export_form", args=[project.pk])),
        ("合同及材料", reverse("project_documents", args=[project.pk])),
        ("返回项目", reverse("project_detail", args=[project.pk])),
    ]
    context = {"project": project, "paper": paper_form(project), "links": links, "banner": NOT_AN_APPLICATION}
    return render(request, "ledger/exports/form_print.html", context)


@require_GET
def form_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    project = project_for(request.user, pk)
    buf = BytesIO()
    write_forms(buf, [project])
    return xlsx_response(buf, f"申请表_{project.number}.xlsx")


@require_POST
def forms_download(request: AuthenticatedRequest) -> HttpResponse:
    """The forms of the whole scope: one sheet per project, built on the queue (D86)."""
    scope = request_scope(request)  # refuses an unknown township or department now
    params = {"township": _int(request.GET.get("township")), "department": _int(request.GET.get("department"))}
    job = job_request(
        kind=JobKind.FORMS, by=request.user, params=params, result_name=f"申请表_{scope.slug}_{_stamp()}.xlsx"
    )
    return redirect("job_detail", pk=job.pk)


# ---- monthly versions --------------------------------------------------------------
@require_GET
def snapshot_list(request: AuthenticatedRequest) -> HttpResponse:
    snapshots = snapshots_for(request.user).select_related("created_by")[:500]
    today = timezone.localdate()
    return render(
        request, "ledger/exports/snapshots.html", {"snapshots": snapshots, "this_month": today.replace(day=1)}
    )


@require_POST
def snapshot_generate_view(request: AuthenticatedRequest) -> HttpResponse:
    """The bureau's "生成本月版本": this month's versions now, as the schedule makes them;
    a version already stored is kept unless "重新生成" is asked."""
    if not can_generate_snapshots(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    regenerate = request.POST.get("regenerate") == "1"
    created = snapshot_generate(by=request.user, month=today.replace(day=1), today=today, regenerate=regenerate)
    if created:
        messages.success(request, f"已生成{today.year}年{today.month}月的月度报表{len(created)}份。")
    else:
        messages.info(
            request, f"{today.year}年{today.month}月的月度报表已存档，未重复生成；如需按当前数据重做，请选“重新生成”。"
        )
    return redirect("snapshot_list")


@require_GET
def snapshot_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    snap = get_object_or_404(snapshots_for(request.user), pk=pk)
    return FileResponse(
        open_stored(snap.file),
        as_attachment=True,
        filename=snapshot_filename(snap.kind, snap.unit, snap.month),
        content_type=XLSX_CONTENT_TYPE,
    )


# ---- archive (附件6) and project documents -----------------------------------------
def _archive_unit(user: User) -> Unit | None:
    """The unit whose archive the user reads: their own; a county role's unit (bureau,
    office, reviewer) stands for its whole county (ledger.exports.scope.scope_for_unit);
    None (the default county) for a superuser without a unit."""
    return user.unit


@require_GET
def archive_page(request: AuthenticatedRequest) -> HttpResponse:
    unit = _archive_unit(request.user)
    rows = catalogue(unit)
    missing_contracts = (
        projects_for(request.user).filter(documents__isnull=True).order_by("township_code", "number")[:50]
    )
    return render(
        request,
        "ledger/exports/archive.html",
        {"rows": rows, "unit_name": scope_for_unit(unit).unit_name, "missing_contracts": missing_contracts},
    )


@require_GET
@reads_from_replica  # a report: its reads may come from the replica (D121)
def archive_catalogue_download(request: AuthenticatedRequest) -> FileResponse:
    unit = _archive_unit(request.user)
    buf = BytesIO()
    write_catalogue(buf, unit)
    return xlsx_response(buf, f"归档目录_{scope_for_unit(unit).slug}_{_stamp()}.xlsx")


@require_POST
def archive_package_download(request: AuthenticatedRequest) -> HttpResponse:
    """The unit's archive package, built on the queue into a file (D86): only the unit's
    own users and the county bureau may ask for it (access.can_request_archive)."""
    unit = _archive_unit(request.user)
    if not can_request_archive(request.user, unit):
        raise PermissionDenied("只有本单位和县乡村振兴局可以下载本单位的归档资料包。")
    name = f"归档资料_{scope_for_unit(unit).slug}_{_stamp()}.zip"
    job = job_request(kind=JobKind.ARCHIVE, by=request.user, unit=unit, result_name=name)
    return redirect("job_detail", pk=job.pk)


def project_documents(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    can_upload = can_edit_project(request.user, project)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_upload:
            raise PermissionDenied("您无权为该项目上传材料。")
        if form.is_valid():
            project_document_add(
                project=project, by=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
            messages.success(request, "材料已上传。")
            return redirect("project_documents", pk=project.pk)
    return render(
        request,
        "ledger/exports/documents.html",
        {"project": project, "documents": project.documents.all(), "form": form, "can_upload": can_upload},
    )


@require_GET
def document_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    doc = get_object_or_404(ProjectDocument.objects.filter(project__in=projects_for(request.user).values("pk")), pk=pk)
    ext = doc.file.name.rsplit(".", 1)[-1]
    return FileResponse(
        open_stored(doc.file),
        as_attachment=True,
        filename=f"{doc.project.number}_{doc.get_kind_display()}.{ext}",
        content_type=doc.content_type,
    )
