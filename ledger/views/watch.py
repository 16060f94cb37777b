"""The data-quality watch page (数据质量提醒): every section with its count, each capped on
the page with the rest one click away, or one section alone in pages."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ledger.http import AuthenticatedRequest
from ledger.replica import reads_from_replica
from ledger.tables import whole_number
from ledger.watch import WATCH_LIMIT, scope_for_user, watch_sections

PER_PAGE = 50


@reads_from_replica  # a report: its reads may come from the replica (D121)
def watch(request: AuthenticatedRequest) -> HttpResponse:
    sections = watch_sections(scope_for_user(request.user), timezone.localdate())
    key = request.GET.get("section", "")
    page = None
    if key:
        sections = [s for s in sections if s.key == key]
        if not sections:
            raise Http404("没有这一类提醒。")
        paginator = Paginator(sections[0].items, PER_PAGE)
        page = paginator.get_page(whole_number(request.GET.get("page"), 1, 1, 10**9))
    return render(
        request,
        "ledger/watch.html",
        {"sections": sections, "page": page, "limit": WATCH_LIMIT, "limit_slice": f":{WATCH_LIMIT}"},
    )
