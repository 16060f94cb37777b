"""The project list as a sortable table."""

from collections.abc import Callable

import django_tables2 as tables
from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django_tables2.rows import BoundRows

from ledger.models import Project

EMPTY = "—"  # what django-tables2 shows for an empty value
PER_PAGE = 50
MAX_PER_PAGE = 200


def whole_number(value: str | None, default: int, low: int, high: int) -> int:
    """A whole number from a query string, kept between low and high; anything else gives
    the default (never an error: a hand-edited address is not worth a 500)."""
    try:
        number = int(value) if value is not None else default
    except ValueError:
        return default
    return min(max(number, low), high)


def paginate(
    request: HttpRequest, table: tables.Table, per_page: int = PER_PAGE, count: int | None = None
) -> tables.Table:
    """Sort by the request's column and show one page of at most MAX_PER_PAGE rows: `per_page`
    and `page` are read here, checked and clamped, not by django-tables2 (which passes any
    integer to the paginator: per_page=-5 was a 500, per_page=100000 a page of everything)."""
    tables.RequestConfig(request, paginate=False).configure(table)
    size = whole_number(request.GET.get(table.prefixed_per_page_field), per_page, 1, MAX_PER_PAGE)
    number = whole_number(request.GET.get(table.prefixed_page_field), 1, 1, 10**9)
    try:
        table.paginate(paginator_class=CountedPaginator, page=number, per_page=size, count=count)
    except EmptyPage:  # past the last page: the last one
        table.page = table.paginator.page(table.paginator.num_pages)
    return table


class CountedPaginator(Paginator):
    """A paginator told its number of rows (the list counts them in its grouped query
    already, ledger.selectors.breakdown): no COUNT(*) of its own. A page of a queryset is
    read in two steps (D129): its ids in the table's order (from the order's index alone,
    however deep the page), then those rows — not the whole scope sorted to skip to it."""

    def __init__(self, object_list, per_page, count: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        if count is not None:
            self.__dict__["count"] = count  # the cached_property's slot

    def page(self, number):
        rows = self.object_list
        queryset = getattr(getattr(rows, "data", None), "data", None)
        if not isinstance(rows, BoundRows) or not isinstance(queryset, QuerySet):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = list(queryset.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        records = list(queryset.filter(pk__in=ids))  # in the same order
        return Page(BoundRows(data=records, table=rows.table), number, self)


class ProjectTable(tables.Table):
    number = tables.Column(verbose_name="项目编号", linkify=("project_detail", [tables.A("pk")]))
    name = tables.Column(verbose_name="项目名称", linkify=("project_detail", [tables.A("pk")]))
    location = tables.Column(verbose_name="项目地点", order_by=("township_code", "village__code"), empty_values=())
    managing_unit = tables.Column(verbose_name="主管单位", order_by=("managing_unit__name",))
    year = tables.Column(verbose_name="实施年度")
    industry_type = tables.Column(verbose_name="产业类型")
    investment = tables.Column(
        verbose_name="投资规模(元)",
        order_by=("investment", "number"),  # the index project_investment_order
        attrs={"td": {"class": "money"}, "th": {"class": "text-end"}},
    )
    production_status = tables.Column(verbose_name="生产经营")
    linkage = tables.Column(verbose_name="联农带农")
    classification = tables.Column(verbose_name="分类", empty_values=())

    class Meta:
        model = Project
        fields: list[str] = []
        sequence = [
            "number",
            "name",
            "location",
            "managing_unit",
            "year",
            "industry_type",
            "investment",
            "production_status",
            "linkage",
            "classification",
        ]
        attrs = {"class": "table table-sm table-striped table-hover align-middle table-cards", "id": "project-table"}

    def body_html(self) -> SafeString:
        """The page's rows as HTML, cell for cell what django-tables2 renders, written here
        in one pass (D129): its per-cell rendering (a signature inspected for every cell)
        took more time than the rest of the list page."""
        cells: dict[str, Callable[[Project], str]] = {
            "number": lambda p: format_html('<a href="{}">{}</a>', reverse("project_detail", args=[p.pk]), p.number),
            "name": lambda p: format_html('<a href="{}">{}</a>', reverse("project_detail", args=[p.pk]), p.name),
            "location": lambda p: escape(p.location),
            "managing_unit": lambda p: escape(p.managing_unit),
            "year": lambda p: escape(p.year),
            "industry_type": lambda p: escape(p.get_industry_type_display() or EMPTY),
            "investment": lambda p: self.render_investment(p.investment),
            "production_status": lambda p: escape(p.get_production_status_display() or EMPTY),
            "linkage": lambda p: escape(p.get_linkage_display() or EMPTY),
            "classification": lambda p: conditional_escape(self.render_classification(p)),
        }
        columns = [(column.name, column.attrs["td"].as_html()) for column in self.columns]
        rows = []
        for i, row in enumerate(self.page.object_list):
            tds = "".join(f"<td {attrs}>{cells[name](row.record)}</td>" for name, attrs in columns)
            rows.append(f'<tr class="{"even" if i % 2 == 0 else "odd"}">{tds}</tr>')
        return mark_safe("\n".join(rows))  # every value above is escaped

    def render_location(self, record):
        return record.location

    def render_investment(self, value):
        return f"{value:,.2f}"

    def render_classification(self, record):
        if not record.classification:
            if record.proposed_classification:
                return format_html(
                    '<span class="text-muted" title="拟认定，尚未经县领导小组审定生效">（拟）{}</span>',
                    record.get_proposed_classification_display(),
                )
            return mark_safe('<span class="text-muted">未认定</span>')
        if record.class_conditions_pending:
            return format_html(
                '{} <span class="badge text-bg-warning" title="由台账导入，分类条件待补录">待补录</span>',
                record.get_classification_display(),
            )
        return record.get_classification_display()


# On a phone the table's rows are cards (static/pengshui/site.css, .table-cards): each cell
# shows its column's name before the value.
for _column in ProjectTable.base_columns.values():
    _column.attrs.setdefault("td", {})["data-label"] = _column.verbose_name
