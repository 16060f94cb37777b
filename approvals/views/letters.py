"""The county's decision letters (批复, 十四): a letter, its PDF, and the list of letters
with the office's 文号 numbering."""

from io import BytesIO
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from approvals import services
from approvals.forms import LetterNumberingForm
from approvals.models import DecisionLetter, LetterNumbering
from approvals.models.letters import DEFAULT_LETTER_TEMPLATE, default_letter_template
from approvals.selectors import later_letters, letter_opinions, letters_for
from approvals.views.common import AuthenticatedRequest, run, valid
from ledger import access
from ledger.pdf import PDF_CONTENT_TYPE, html_to_pdf


def _context(letter: DecisionLetter) -> dict[str, object]:
    return {"letter": letter, "meeting": letter.meeting, "unit": letter.unit, "opinions": letter_opinions(letter)}


@require_GET
def letter_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    letter = get_object_or_404(letters_for(request.user), pk=pk)
    context = {
        **_context(letter),
        "pdf_url": reverse("approvals:letter_pdf", args=[letter.pk]),
        "later": later_letters(letter),
    }
    return render(request, "approvals/decision_letter.html", context)


@require_GET
def letter_pdf(request: AuthenticatedRequest, pk: int) -> FileResponse:
    letter = get_object_or_404(letters_for(request.user), pk=pk)
    pdf = html_to_pdf(render_to_string("approvals/decision_letter.html", _context(letter), request=request))
    name = f"批复_{letter.number or '未编号'}_{letter.unit.name}_{letter.meeting.date:%Y-%m-%d}.pdf"
    return FileResponse(BytesIO(pdf), as_attachment=True, filename=name, content_type=PDF_CONTENT_TYPE)


def letter_list(request: AuthenticatedRequest) -> HttpResponse:
    """The letters a user reads, newest first; the office sets the 文号 numbering here."""
    year = timezone.localdate().year
    numberings = LetterNumbering.objects.filter(access.county_q(request.user))
    numbering = numberings.filter(year=year).first()
    form = LetterNumberingForm(
        request.POST or None,
        initial={"year": year, "template": numbering.template if numbering else _latest_template(request.user)},
    )
    if request.method == "POST":
        if not access.can_number_letters(request.user):
            raise PermissionDenied("只有县领导小组办公室才能设置批复文号。")
        if valid(request, form):
            run(request, services.letter_numbering_save, "批复文号设置已保存。", by=request.user, **form.cleaned_data)
        return redirect("approvals:letters")
    context = {
        "letters": letters_for(request.user).order_by("-issued_at", "-pk")[:500],
        "form": form,
        "numberings": numberings.order_by("-year"),
    }
    return render(request, "approvals/letter_list.html", context)


def _latest_template(user: Any) -> str:
    county = access.county_of(user)
    latest = LetterNumbering.objects.filter(county=county).order_by("-year").first()
    if latest is not None:
        return latest.template
    return default_letter_template(county) if county is not None else DEFAULT_LETTER_TEMPLATE
