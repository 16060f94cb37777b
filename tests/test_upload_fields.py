"""Every file field of every form is bounded by settings.UPLOAD_MAX_MB (Django's body limit
does not cover files)."""

import importlib
import pkgutil

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import approvals
import ledger
import pengshui
from ledger.uploads import BoundedFileField


def _forms() -> list[type[forms.BaseForm]]:
    for package in (ledger, approvals, pengshui):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if ".migrations" not in module.name and ".management" not in module.name:
                importlib.import_module(module.name)
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in ("ledger", "approvals", "pengshui"):
            found.append(cls)
    return found


def test_every_file_field_of_every_form_is_bounded():
    fields = [
        (form.__name__, name, field)
        for form in _forms()
        for name, field in getattr(form, "base_fields", {}).items()
        if isinstance(field, forms.FileField)
    ]
    assert len(fields) >= 9  # the scans, minutes, photos, plans, contracts and the import file
    unbounded = [f"{form}.{name}" for form, name, field in fields if not isinstance(field, BoundedFileField)]
    assert not unbounded


def test_a_bounded_field_refuses_a_file_over_the_limit(settings):
    settings.UPLOAD_MAX_MB = 1
    field = BoundedFileField()
    assert field.clean(SimpleUploadedFile("a.pdf", b"x" * 1024 * 1024)).size == 1024 * 1024
    with pytest.raises(ValidationError, match="文件过大：不能超过 1 MB"):
        field.clean(SimpleUploadedFile("a.pdf", b"x" * (1024 * 1024 + 1)))
