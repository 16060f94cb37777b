"""Which files the system accepts as uploads: PDF, JPEG or PNG, recognised by their first
bytes, never by their name. One table for the ledger's documents and the scans filed with applications.

And how large any upload may be: settings.UPLOAD_MAX_MB, checked on every file field of
every form (`BoundedFileField`) and by the import commands (`size_refusal`). Django's own
DATA_UPLOAD_MAX_MEMORY_SIZE does not cover files."""

from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

# (magic bytes, extension, content type)
SIGNATURES = [
    (b"%PDF-", "pdf", "application/pdf"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
]


class StoredFileMissing(FileNotFoundError):
    """A stored file that its row names is not in the storage (disk or object store)."""


def open_stored(field: Any) -> IO[bytes]:
    """A stored file (a FieldFile) opened for reading through its storage, never by a path on
    disk (D123); StoredFileMissing when the storage has no such file."""
    try:
        handle: IO[bytes] = field.storage.open(field.name, "rb")
    except FileNotFoundError as e:
        raise StoredFileMissing(f"stored file missing: {field.name}") from e
    return handle


def sniff(head: bytes) -> tuple[str, str] | None:
    """(extension, content type) of a file starting with `head`, or None."""
    for magic, ext, content_type in SIGNATURES:
        if head.startswith(magic):
            return ext, content_type
    return None


def size_refusal(size: int | None) -> str:
    """Why a file of `size` bytes is refused ("" when it is not)."""
    if size is not None and size > settings.UPLOAD_MAX_MB * 1024 * 1024:
        return f"文件过大：不能超过 {settings.UPLOAD_MAX_MB} MB。"
    return ""


def validate_size(f: Any) -> None:
    """Refuse an uploaded file larger than settings.UPLOAD_MAX_MB."""
    message = size_refusal(getattr(f, "size", None))
    if message:
        raise ValidationError(message, code="too_large")


class BoundedFileField(forms.FileField):
    """A form's file field no larger than settings.UPLOAD_MAX_MB; every upload form uses it."""

    default_validators = [validate_size]
