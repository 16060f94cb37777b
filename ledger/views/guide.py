"""The help page: each role's steps with the notice's clause (ledger.help)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ledger.access import help_role
from ledger.help import help_sections
from ledger.http import AuthenticatedRequest


@require_GET
def help_page(request: AuthenticatedRequest) -> HttpResponse:
    role = help_role(request.user)
    return render(request, "ledger/help.html", {"sections": help_sections(role), "own": role is not None})
