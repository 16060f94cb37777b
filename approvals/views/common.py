from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError


def run(request, call, done: str) -> bool:
    """Call a service; on refusal show its Chinese message and return False."""
    try:
        call()
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
        return False
    except PermissionDenied as e:
        messages.error(request, str(e) or "您无权进行此操作。")
        return False
    messages.success(request, done)
    return True


def form_errors(request, form) -> None:
    for field, errs in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}：{'；'.join(errs)}" if label else "；".join(errs))
