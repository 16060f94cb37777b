"""Uploaded scans: PDF, JPEG or PNG, recognised by their content, never by their name,
and no larger than settings.UPLOAD_MAX_MB."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model

from ledger.uploads import sniff, validate_size


def validate_upload(f: Any) -> None:
    """Refuse a file that is too large or is not a PDF, JPEG or PNG (by its first bytes)."""
    if f is None:
        return
    validate_size(f)
    if getattr(f, "size", None) == 0:
        raise ValidationError("文件为空。")
    position = f.tell() if hasattr(f, "tell") else 0
    f.seek(0)
    head = f.read(16)
    f.seek(position)
    if sniff(head) is None:
        raise ValidationError("只能上传 PDF、JPEG 或 PNG 格式的扫描件或照片（按文件内容识别）。")


def upload_to(instance: Model, filename: str) -> str:
    """Files are stored under a name the system chooses; the original name is not trusted
    (the serving view reads the type from the content)."""
    import uuid

    return f"approvals/{instance._meta.model_name}/{uuid.uuid4().hex}"


def validate_photo(f: Any) -> None:
    """A photo: as any upload, and a JPEG or PNG image (not a PDF)."""
    validate_upload(f)
    if f is None:
        return
    position = f.tell() if hasattr(f, "tell") else 0
    f.seek(0)
    head = f.read(16)
    f.seek(position)
    kind = sniff(head)
    if kind is None or kind[0] not in ("jpg", "jpeg", "png"):
        raise ValidationError("张贴照片只能是 JPEG 或 PNG 格式的图片（按文件内容识别）。")
