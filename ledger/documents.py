"""Uploaded project documents (contracts for 附件6 item 5): checked by content, not by name."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ledger.access import can_edit_project
from ledger.models import Project, ProjectDocument, User
from ledger.models.documents import DocumentKind
from ledger.uploads import BoundedFileField, sniff


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label="类别",
        choices=DocumentKind.choices,
        initial=DocumentKind.CONTRACT,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    file = BoundedFileField(
        label="文件（PDF、JPG 或 PNG）", widget=forms.ClearableFileInput(attrs={"class": "form-control"})
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        head = f.read(16)
        f.seek(0)
        if sniff(head) is None:
            raise ValidationError("只能上传 PDF、JPG 或 PNG 文件（按文件内容识别）。")
        return f


def project_document_add(*, project: Project, by: User, kind: str, upload) -> ProjectDocument:
    """File a document with a project; only those who may edit the project may do so."""
    if not can_edit_project(by, project):
        raise PermissionDenied("您无权为该项目上传材料。")
    head = upload.read(16)
    upload.seek(0)
    found = sniff(head)
    if found is None:
        raise ValidationError("只能上传 PDF、JPG 或 PNG 文件（按文件内容识别）。")
    ext, content_type = found
    with transaction.atomic():
        doc = ProjectDocument(
            project=project,
            kind=kind,
            original_name=upload.name[:200],
            content_type=content_type,
            size=upload.size,
            uploaded_by=by,
        )
        doc.file.save(f"{DocumentKind(kind).value}.{ext}", upload, save=False)
        doc.save()
    return doc
