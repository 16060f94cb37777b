"""The project list's filters: every choice limited to what the user may see."""

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from ledger.access import place_choices
from ledger.choices import Classification, IndustryType, Linkage, ProductionStatus, UnitKind
from ledger.models import Division, Project, Unit, User
from ledger.models.projects import MAX_YEAR, MIN_YEAR

UNCLASSIFIED = "none"
PENDING = "pending"  # a class imported from a ledger, its conditions still to be ticked


def _pk(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def village_label(village: Division) -> str:
    return f"{village.parent.name if village.parent else ''} {village.short_name}"


def filter_places(
    user: User, *, township: Any = None, village: Any = None, unit: Any = None
) -> tuple[QuerySet[Division], QuerySet[Unit]]:
    """The village and managing-unit choices of the list's filter (D127): those of the
    chosen township (a county user has 296 villages and 340 units; rendering them all took
    half the page), the township and department units, and whatever is chosen already; all
    within what the user may see (ledger.access.place_choices). site.js reloads them from
    `project_filter_places` when the township changes; without script, 查询 does."""
    places = place_choices(user)
    township_pk, village_pk, unit_pk = _pk(township), _pk(village), _pk(unit)
    villages_shown = Q(pk=village_pk) if village_pk else Q(pk__in=[])
    units_shown = Q(kind__in=[UnitKind.TOWNSHIP, UnitKind.DEPARTMENT])
    if unit_pk:
        units_shown |= Q(pk=unit_pk)
    if township_pk:
        villages_shown |= Q(parent_id=township_pk)
        units_shown |= Q(division__parent_id=township_pk)
    villages = places.villages.filter(villages_shown).order_by("code")
    if places.default_township is not None:  # a township or a village user: all of theirs, few
        villages = places.villages.order_by("code")
        return villages, places.units.order_by("kind", "code")
    return villages, places.units.filter(units_shown).order_by("kind", "code")


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="名称或编号", method="search")
    township = django_filters.ModelChoiceFilter(label="镇(乡)", queryset=Division.objects.none(), empty_label="全部")
    village = django_filters.ModelChoiceFilter(label="村(居)", queryset=Division.objects.none(), empty_label="全部")
    managing_unit = django_filters.ModelChoiceFilter(label="主管单位", queryset=Unit.objects.none(), empty_label="全部")
    classification = django_filters.ChoiceFilter(
        label="分类",
        choices=[(UNCLASSIFIED, "未认定"), *Classification.choices, (PENDING, "分类条件待补录")],
        method="by_class",
        empty_label="全部",
    )
    industry_type = django_filters.ChoiceFilter(label="产业类型", choices=IndustryType.choices, empty_label="全部")
    production_status = django_filters.ChoiceFilter(
        label="生产经营", choices=ProductionStatus.choices, empty_label="全部"
    )
    linkage = django_filters.ChoiceFilter(label="联农带农", choices=Linkage.choices, empty_label="全部")
    year = django_filters.NumberFilter(
        label="实施年度", widget=forms.NumberInput(attrs={"min": MIN_YEAR, "max": MAX_YEAR})
    )

    class Meta:
        model = Project
        fields: list[str] = []

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        data = self.data or {}
        villages, units = filter_places(
            user, township=data.get("township"), village=data.get("village"), unit=data.get("managing_unit")
        )
        self.filters["township"].queryset = place_choices(user).townships
        self.filters["village"].queryset = villages
        self.filters["village"].field.label_from_instance = village_label
        self.filters["managing_unit"].queryset = units
        for f in self.form.fields.values():
            css = "form-select" if isinstance(f.widget, forms.Select) else "form-control"
            f.widget.attrs["class"] = f"{css} form-select-sm" if css == "form-select" else f"{css} form-control-sm"

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # On PostgreSQL trigram indexes serve both (three characters or more) (D125): the
        # name's on the column (Chinese has no case: a plain LIKE), the number's on
        # UPPER(number), which icontains asks for (migration 0025, D147).
        lookup = "contains" if value.upper() == value.lower() else "icontains"
        return queryset.filter(Q(number__icontains=value) | Q(**{f"name__{lookup}": value}))

    def by_class(self, queryset, name, value):
        if value == PENDING:
            return queryset.filter(class_conditions_pending=True)
        return queryset.filter(classification="" if value == UNCLASSIFIED else value)
