"""Pages of the import and push (county bureau) and the unit's 待调研项目 list."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ledger.access import can_import, county_of, county_q, project_for, projects_for
from ledger.choices import UnitKind
from ledger.http import AuthenticatedRequest
from ledger.imports.engine import (
    ImportRefused,
    batch_create,
    batch_preview,
    batch_remap,
    import_commit,
    import_preview,
)
from ledger.imports.mapping import TARGETS, mapping_errors
from ledger.imports.push import push_reassign, pushes_waiting_for
from ledger.imports.reader import Column, ReadError
from ledger.imports.result import committed_result
from ledger.jobs import import_runs_as_job, job_request
from ledger.models import JobKind, Unit, User
from ledger.models.imports import ImportBatch, ImportSource, ProjectPush
from ledger.services import push_mark_surveyed
from ledger.uploads import BoundedFileField


class UploadForm(forms.Form):
    source = forms.ChoiceField(label="文件格式", choices=ImportSource.choices, initial=ImportSource.NATIONAL)
    file = BoundedFileField(label="文件（.xlsx、.xls 或 .csv）")


class MappingForm(forms.Form):
    """The mapping chosen on the preview page: one select per column of the file (named
    col_<index>; a value that is no target leaves the column unmapped), and a name to
    save it under."""

    mapping_name = forms.CharField(required=False)

    def __init__(self, *args: Any, columns: list[Column], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.columns = columns

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = {c.index: self.data.get(f"col_{c.index}", "") for c in self.columns}
        data["mapping"] = {k: v for k, v in chosen.items() if v in TARGETS}
        for problem in mapping_errors(data["mapping"]):
            self.add_error(None, problem)
        return data


def _require_bureau(user: User) -> None:
    if not can_import(user) or user is None:
        raise PermissionDenied("只有县乡村振兴局可以导入和推送项目。")


def import_upload(request: AuthenticatedRequest) -> HttpResponse:
    _require_bureau(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            preview = import_preview(
                data=data, filename=upload.name, source=form.cleaned_data["source"], county=county_of(request.user)
            )
        except ReadError as e:
            form.add_error("file", str(e))
        else:
            batch = batch_create(
                by=request.user, source=form.cleaned_data["source"], filename=upload.name, content=data, preview=preview
            )
            return redirect("import_batch", pk=batch.pk)
    batches = ImportBatch.objects.filter(county_q(request.user)).select_related("created_by", "mapping")[:20]
    return render(request, "ledger/imports/upload.html", {"form": form, "batches": batches})


def import_batch(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The preview: the mapping (one select per source column), then rows to add, rows to
    change field by field, differences not applied, refused and skipped rows."""
    _require_bureau(request.user)
    batch = get_object_or_404(ImportBatch.objects.filter(county_q(request.user)), pk=pk)
    if batch.committed:  # what the commit did, as stored with it (the banner's numbers)
        done = committed_result(batch)
        return render(
            request,
            "ledger/imports/preview.html",
            {"batch": batch, "preview": done, "counts": done.counts, "mapping": [], "targets": []},
        )
    try:
        preview = batch_preview(batch)
    except ReadError as e:  # an upload kept from before tables were stored, its file unreadable now
        messages.error(request, f"这次上传的文件已无法读取（{e}），请重新上传。")
        return redirect("import_upload")
    if request.method == "POST":
        form = MappingForm(request.POST, columns=preview.columns)
        if form.is_valid():
            name = form.cleaned_data["mapping_name"]
            batch_remap(
                batch=batch, columns=preview.columns, mapping=form.cleaned_data["mapping"], by=request.user, name=name
            )
            if name:
                messages.success(request, f"列映射已保存为“{name}”，表头相同的文件将直接使用。")
            return redirect("import_batch", pk=batch.pk)
        for problem in form.non_field_errors():
            messages.error(request, str(problem))
    return render(
        request,
        "ledger/imports/preview.html",
        {
            "batch": batch,
            "preview": preview,
            "targets": TARGETS.items(),
            "counts": preview.counts,
            "mapping": [(c, preview.mapping.get(c.index, "")) for c in preview.columns],
        },
    )


@require_POST
def import_commit_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    _require_bureau(request.user)
    batch = get_object_or_404(ImportBatch.objects.filter(county_q(request.user)), pk=pk)
    only_good = request.POST.get("only_good") == "1"
    if import_runs_as_job(batch):
        job = job_request(kind=JobKind.IMPORT, by=request.user, params={"batch": batch.pk, "only_good": only_good})
        return redirect("job_detail", pk=job.pk)
    try:
        preview = import_commit(batch=batch, by=request.user, only_good=only_good)
    except (ImportRefused, ValidationError) as e:
        messages.error(request, e.messages[0] if isinstance(e, ValidationError) else str(e))
        return redirect("import_batch", pk=batch.pk)
    c = preview.counts
    messages.success(
        request,
        f"导入完成：新增{c['add']}个，修改{c['change']}个，无变化{c['same']}个，"
        f"拒绝{c['refused']}行，跳过{c['skipped']}行。新增项目已推送到主管单位。",
    )
    return redirect("import_batch", pk=batch.pk)


def push_list(request: AuthenticatedRequest) -> HttpResponse:
    """All pushed projects not yet surveyed, with a bulk hand-over to another unit."""
    _require_bureau(request.user)
    units = Unit.objects.filter(
        county_q(request.user), kind__in=[UnitKind.DEPARTMENT, UnitKind.TOWNSHIP], active=True
    ).order_by("kind", "code")
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("push") if i.isdigit()]
        unit = units.filter(pk=request.POST.get("unit") or 0).first()
        if not ids or unit is None:
            messages.error(request, "请选择项目和推送单位。")
        else:
            try:
                moved = push_reassign(pushes=ids, unit=unit, by=request.user)
                messages.success(request, f"已将{moved}个项目推送至{unit.name}。")
            except ValidationError as e:
                messages.error(request, e.messages[0])
        return redirect("push_list")
    pushes = (
        ProjectPush.objects.filter(county_q(request.user, "project__county_id"), surveyed_at__isnull=True)
        .select_related("project__township", "project__village", "unit")
        .order_by("unit__code", "project__number")
    )
    return render(request, "ledger/imports/push_list.html", {"pushes": pushes, "units": units})


def push_waiting(request: AuthenticatedRequest) -> HttpResponse:
    """待调研项目: the unit's newly pushed projects; one or many (the ticked rows) confirmed
    at once."""
    if request.method == "POST":
        chosen = request.POST.getlist("project")
        if not chosen:
            messages.error(request, "请先勾选项目。")
            return redirect("push_waiting")
        if not all(c.isdigit() for c in chosen):
            raise Http404("未找到该项目。")
        projects = [project_for(request.user, int(c)) for c in dict.fromkeys(chosen)]
        with transaction.atomic():  # all the ticked rows or none
            done = [p for p in projects if push_mark_surveyed(project=p, by=request.user)]
        if len(done) == 1:
            messages.success(request, f"确认已调研：{done[0].number} {done[0].name}，已移出待调研项目。")
        elif done:
            messages.success(request, f"确认已调研{len(done)}个项目，已移出待调研项目。")
        return redirect("push_waiting")
    pushes = pushes_waiting_for(request.user).filter(project__in=projects_for(request.user).values("pk"))
    return render(
        request, "ledger/imports/push_waiting.html", {"pushes": pushes, "all_ticked": request.GET.get("all") == "1"}
    )
