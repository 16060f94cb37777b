"""The municipal office (市级, D116): one row per county, the municipal statistics (附件4
with a row per county and 合计) as a page and a workbook, and each county's ledger (附件5).
Read-only: pengshui.middleware.RoleConfinementMiddleware refuses it every change."""

from __future__ import annotations

from io import BytesIO

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ledger.access import MUNICIPAL_OFFICE, MUNICIPALITY, is_municipal
from ledger.cached import cached_by_project_version
from ledger.choices import Classification
from ledger.exports.ledger_xlsx import write_ledger
from ledger.exports.statistics import BY_COUNTY, COLUMNS, TITLE_OF, statistics_rows, write_statistics
from ledger.http import AuthenticatedRequest
from ledger.models import County, Project
from ledger.xlsx import XLSX_CONTENT_TYPE


def _require_municipal(request: AuthenticatedRequest) -> None:
    if not is_municipal(request.user):
        raise PermissionDenied("只有市级用户可以查看全市汇总。")


def county_rows() -> list[dict]:
    """Per county: its projects, by class in force, and whether its ledger is set up (three
    queries, whatever the number of counties; two when the counts come from the cache). The
    counts, an aggregate over every project, are cached under the projects' version (D148);
    the counties, their names and units are read each time."""
    grouped = (
        Project.objects.order_by()
        .values("county_id")
        .annotate(
            total=Count("pk"),
            unclassified=Count("pk", filter=Q(classification="")),
            **{c.value: Count("pk", filter=Q(classification=c.value)) for c in Classification},
        )
    )
    counts = cached_by_project_version(
        "municipal-counts", lambda: {row.pop("county_id"): row for row in grouped}, query=grouped
    )
    rows = []
    for county in County.objects.annotate(unit_count=Count("units")).order_by("code"):
        found = counts.get(county.pk, {})
        rows.append(
            {
                "county": county,
                "onboarded": county.unit_count > 0,
                "total": found.get("total", 0),
                "classes": [found.get(c.value, 0) for c in Classification],
                "unclassified": found.get("unclassified", 0),
            }
        )
    return rows


@require_GET
def municipal_home(request: AuthenticatedRequest) -> HttpResponse:
    _require_municipal(request)
    rows = county_rows()
    return render(
        request,
        "ledger/municipal/home.html",
        {
            "rows": [r for r in rows if r["onboarded"] or r["total"]],
            "classes": [c.label for c in Classification],
            "total": sum(r["total"] for r in rows),
        },
    )


@require_GET
def municipal_statistics(request: AuthenticatedRequest) -> HttpResponse:
    """附件4 for the whole municipality: one row per county and 合计."""
    _require_municipal(request)
    rows, total = statistics_rows(Project.objects.all(), group_by=BY_COUNTY)
    return render(
        request,
        "ledger/municipal/statistics.html",
        {
            "title": TITLE_OF.format(county=MUNICIPALITY),
            "headers": [f"{group}·{label}" if group else label for group, label, _ in COLUMNS[1:]],
            "rows": rows,
            "total": total,
        },
    )


def _xlsx(buf: BytesIO, name: str) -> FileResponse:
    buf.seek(0)
    return FileResponse(buf, as_attachment=True, filename=name, content_type=XLSX_CONTENT_TYPE)


@require_GET
def municipal_statistics_download(request: AuthenticatedRequest) -> FileResponse:
    _require_municipal(request)
    buf = BytesIO()
    write_statistics(
        buf, Project.objects.all(), unit_name=MUNICIPAL_OFFICE, group_by=BY_COUNTY, county_name=MUNICIPALITY
    )
    return _xlsx(buf, f"分类统计表_{MUNICIPALITY}_{timezone.localdate():%Y%m%d}.xlsx")


@require_GET
def municipal_county_ledger(request: AuthenticatedRequest, code: str) -> FileResponse:
    """附件5 of one county, as that county files it."""
    _require_municipal(request)
    county = get_object_or_404(County, code=code)
    projects = (
        Project.objects.filter(county=county)
        .select_related("township", "village", "managing_unit")
        .order_by("township__code", "number")
    )
    buf = BytesIO()
    write_ledger(buf, projects, unit_name=county.short_name, county_name=county.short_name)
    return _xlsx(buf, f"管理台账_{county.short_name}_{timezone.localdate():%Y%m%d}.xlsx")
