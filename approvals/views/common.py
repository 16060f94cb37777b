from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from ledger.http import AuthenticatedRequest as AuthenticatedRequest  # kept here for the approvals views

T = TypeVar("T")


def run(request: HttpRequest, service: Callable[..., T], done: str, **kwargs: Any) -> T | None:
    """Call a service with `kwargs` and return what it returns; on refusal show its Chinese
    message and return None."""
    try:
        result = service(**kwargs)
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
        return None
    except PermissionDenied as e:
        messages.error(request, str(e) or "您无权进行此操作。")
        return None
    messages.success(request, done)
    return result


def valid(request: HttpRequest, form: forms.BaseForm | forms.BaseFormSet[Any]) -> bool:
    """Whether the form (or formset) is valid; if not, its errors are shown as messages."""
    if form.is_valid():
        return True
    if isinstance(form, forms.BaseFormSet):
        for message in form.non_form_errors():
            messages.error(request, str(message))
        for each in form.forms:
            form_errors(request, each)
    else:
        form_errors(request, form)
    return False


def form_errors(request: HttpRequest, form: forms.BaseForm) -> None:
    for field, errs in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        text = "；".join(str(e) for e in errs)
        messages.error(request, f"{label}：{text}" if label else text)
