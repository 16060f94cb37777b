"""Uploaded files are served only here, to users whose scope covers them."""

from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from approvals.models import Document, Meeting, NoticePosting, Objection, Opinion, Recovery, RevitalisationPlan
from approvals.selectors import applications_for, meeting_files_for, notices_for
from approvals.views.common import AuthenticatedRequest
from ledger.exports.archive import safe_name
from ledger.uploads import open_stored, sniff

# What each kind of file is called when it is downloaded (with its object's own name where it has one).
NAMES = {
    "seal": "盖章页",
    "document": "申报材料",
    "plan": "盘活方案",
    "minutes": "会议纪要",
    "posting": "公示张贴照片",
    "objection": "异议照片",
    "recovery": "追偿凭证",
}
SOURCES: dict[str, tuple[type[Model], str]] = {
    "seal": (Opinion, "seal"),
    "document": (Document, "file"),
    "plan": (RevitalisationPlan, "file"),
    "minutes": (Meeting, "minutes"),
    "posting": (NoticePosting, "photo"),
    "objection": (Objection, "photo"),  # lodged online: the unit's and the office's only
    "recovery": (Recovery, "scan"),
}


def download(request: AuthenticatedRequest, kind: str, pk: int) -> FileResponse:
    if kind not in SOURCES:
        raise Http404
    model, field = SOURCES[kind]
    obj: Model
    if model is Meeting:
        obj = get_object_or_404(meeting_files_for(request.user), pk=pk)
    elif model in (NoticePosting, Objection):
        obj = get_object_or_404(model._default_manager.filter(notice__in=notices_for(request.user)), pk=pk)
    else:
        obj = get_object_or_404(model._default_manager.filter(application__in=applications_for(request.user)), pk=pk)
    f = getattr(obj, field)
    if not f:
        raise Http404
    return stored_file(f, _name(kind, obj))


def stored_file(f: FieldFile, name: str) -> FileResponse:
    """A stored upload, streamed from the storage (disk or object store, never a path: D123)
    with the type its first bytes show and a Chinese file name (`name`, made safe for a file
    system, with the type's extension)."""
    handle = open_stored(f)
    head = handle.read(16)
    handle.seek(0)
    ext, content_type = sniff(head) or ("bin", "application/octet-stream")
    return FileResponse(handle, content_type=content_type, filename=f"{safe_name(name)[:120]}.{ext}")


def _name(kind: str, obj: Model) -> str:
    """A Chinese file name (sent as filename* in UTF-8): what the file is, and whose."""
    own = ""
    if isinstance(obj, Meeting):
        own = f"{obj.title}_{obj.date:%Y-%m-%d}"
    elif isinstance(obj, Document):
        own = obj.title
    elif isinstance(obj, NoticePosting):
        own = f"{obj.get_where_display()}_{obj.posted_on:%Y-%m-%d}"
    elif isinstance(obj, Objection):
        own = f"{obj.submitter}_{obj.received_on:%Y-%m-%d}"
    elif isinstance(obj, Opinion | RevitalisationPlan | Recovery):
        own = obj.application.project.name
    return f"{NAMES[kind]}_{own}_{obj.pk}" if own else f"{NAMES[kind]}_{obj.pk}"
