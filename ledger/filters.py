"""The project list's filters: every choice limited to what the user may see."""

import django_filters
from django import forms
from django.db.models import Q

from ledger.access import place_choices
from ledger.choices import Classification, IndustryType, Linkage, ProductionStatus
from ledger.models import Division, Project, Unit, User
from ledger.models.projects import MAX_YEAR, MIN_YEAR

UNCLASSIFIED = "none"
PENDING = "pending"  # a class imported from a ledger, its conditions still to be ticked


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
        places = place_choices(user)
        self.filters["township"].queryset = places.townships
        self.filters["village"].queryset = places.villages
        self.filters["village"].field.label_from_instance = lambda d: f"{d.parent.name} {d.short_name}"
        self.filters["managing_unit"].queryset = places.units.order_by("kind", "code")
        for f in self.form.fields.values():
            css = "form-select" if isinstance(f.widget, forms.Select) else "form-control"
            f.widget.attrs["class"] = f"{css} form-select-sm" if css == "form-select" else f"{css} form-control-sm"

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(number__icontains=value) | Q(name__icontains=value))

    def by_class(self, queryset, name, value):
        if value == PENDING:
            return queryset.filter(class_conditions_pending=True)
        return queryset.filter(classification="" if value == UNCLASSIFIED else value)
