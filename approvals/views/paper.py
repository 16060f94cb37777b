"""The application as filed, printed: the A4 page, its PDF and its workbook (附件1–3), all
from the frozen copy of a filing (approvals.paper), with the opinions in their boxes."""

from io import BytesIO

from django.http import FileResponse, Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET

from approvals.models import ApplicationCopy
from approvals.paper import TEMPLATE, caption, copy_of, filed_form, print_context
from approvals.selectors import application_for
from approvals.views.common import AuthenticatedRequest
from ledger.exports.forms import write_paper_form
from ledger.pdf import PDF_CONTENT_TYPE, html_to_pdf
from ledger.xlsx import XLSX_CONTENT_TYPE


def _copy(request: AuthenticatedRequest, pk: int) -> ApplicationCopy:
    """The copy asked for (?copy=<n>, else the latest) of an application in the user's scope."""
    app = application_for(request.user, pk)
    raw = request.GET.get("copy")
    if raw is not None and not raw.isdigit():
        raise Http404("参数无效。")
    copy = copy_of(app, int(raw) if raw else None)
    if copy is None:
        raise Http404("该申请尚未报送，没有报送的申请表；报送后即可打印。")
    return copy


def _filename(copy: ApplicationCopy, ext: str) -> str:
    number = copy.data["fields"].get("number") or copy.application.project_id
    return f"申请表_{number}_第{copy.application.sequence}次分类_第{copy.number}次报送.{ext}"


def _html(request: AuthenticatedRequest, copy: ApplicationCopy, *, for_pdf: bool) -> str:
    query = f"?copy={copy.number}"
    links = [
        ("下载 PDF", reverse("approvals:print_pdf", args=[copy.application_id]) + query),
        ("下载 Excel", reverse("approvals:form_xlsx", args=[copy.application_id]) + query),
        ("返回申请", reverse("approvals:detail", args=[copy.application_id])),
    ]
    context = {**print_context(copy, for_pdf=for_pdf), "links": links}
    return render_to_string(TEMPLATE, context, request=request)


@require_GET
def application_print(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return HttpResponse(_html(request, _copy(request, pk), for_pdf=False))


@require_GET
def application_pdf(request: AuthenticatedRequest, pk: int) -> FileResponse:
    copy = _copy(request, pk)
    pdf = html_to_pdf(_html(request, copy, for_pdf=True))
    return FileResponse(
        BytesIO(pdf), as_attachment=True, filename=_filename(copy, "pdf"), content_type=PDF_CONTENT_TYPE
    )


@require_GET
def application_form_xlsx(request: AuthenticatedRequest, pk: int) -> FileResponse:
    copy = _copy(request, pk)
    _, paper, _ = filed_form(copy)
    buf = BytesIO()
    write_paper_form(buf, paper, str(copy.data["fields"].get("number") or "申请表"), note=caption(copy))
    buf.seek(0)
    return FileResponse(buf, as_attachment=True, filename=_filename(copy, "xlsx"), content_type=XLSX_CONTENT_TYPE)
