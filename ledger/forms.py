"""The application form (附件1–3) as a Django form. It only validates input: the rules
themselves live in ledger.classification and ledger.services."""

from decimal import Decimal

from django import forms

from ledger.choices import (
    ABNORMAL_STATUSES,
    FUND_PARTS,
    INVESTMENT_FIELDS,
    LINKAGE_REASONS,
    MONEY_FIELDS,
    PRODUCTION_REASONS,
    REBUILD_DEFECTS,
    RECORDED_PROBLEMS,
    UPGRADE_DEFECTS,
    Linkage,
    ManagingLevel,
    Role,
    UnitKind,
)
from ledger.classification import check_facts
from ledger.models import Division, Project, Unit, User
from ledger.services import EDITABLE_FIELDS, project_errors

# Multi-choice groups on the form, each stored as boolean fields on the project.
FLAG_GROUPS = {
    "production_reasons": PRODUCTION_REASONS,
    "linkage_reasons": LINKAGE_REASONS,
    "upgrade_defects": UPGRADE_DEFECTS,
    "rebuild_defects": REBUILD_DEFECTS,
    "problems": RECORDED_PROBLEMS,
}
FLAG_FIELDS = {f for pairs in FLAG_GROUPS.values() for f, _ in pairs}
RADIO_FIELDS = [
    "managing_level",
    "industry_type",
    "operation_mode",
    "functional_state",
    "use_state",
    "production_status",
    "linkage",
    "classification",
]
# The totals the page adds up as the user types; the server checks them again.
# (form field, the money fields it adds up)
TOTAL_FIELDS = {
    "fund1_total": FUND_PARTS["fund1"][1],
    "fund2_total": FUND_PARTS["fund2"][1],
    "fund3_total": FUND_PARTS["fund3"][1],
    "investment_total": INVESTMENT_FIELDS,
}
ZERO = Decimal("0.00")


def _total_field(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=16,
        decimal_places=2,
        widget=forms.TextInput(attrs={"readonly": True, "class": "form-control money total", "tabindex": "-1"}),
    )


class ProjectForm(forms.ModelForm):
    production_reasons = forms.MultipleChoiceField(
        label="原因", choices=PRODUCTION_REASONS, required=False, widget=forms.CheckboxSelectMultiple
    )
    linkage_reasons = forms.MultipleChoiceField(
        label="作用不充分的原因", choices=LINKAGE_REASONS, required=False, widget=forms.CheckboxSelectMultiple
    )
    upgrade_defects = forms.MultipleChoiceField(
        label="提升类缺陷（具备两项以上可认定为提升）",
        choices=UPGRADE_DEFECTS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    rebuild_defects = forms.MultipleChoiceField(
        label="重建类缺陷（具备一项以上应认定为重建）",
        choices=REBUILD_DEFECTS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    problems = forms.MultipleChoiceField(
        label="存在问题（台账）", choices=RECORDED_PROBLEMS, required=False, widget=forms.CheckboxSelectMultiple
    )
    fund1_total = _total_field("财政专项扶贫资金(衔接资金)")
    fund2_total = _total_field("整合其他涉农资金")
    fund3_total = _total_field("行业扶贫(帮扶)资金")
    investment_total = _total_field("合计")
    change_reason = forms.CharField(
        label="修改说明", required=False, max_length=100, help_text="记入变更记录，如“按实地调研结果更新现状”。"
    )

    class Meta:
        model = Project
        fields = [f for f in EDITABLE_FIELDS if f not in FLAG_FIELDS]
        widgets = {
            **dict.fromkeys(RADIO_FIELDS, forms.RadioSelect),
            **{f: forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control money"}) for f in MONEY_FIELDS},
            "year": forms.NumberInput(attrs={"min": 2000, "max": 2099}),
            "construction_content": forms.Textarea(attrs={"rows": 2}),
            "measures": forms.Textarea(attrs={"rows": 3}),
            "remarks": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["classification"].choices = [("", "暂未认定")] + list(self.fields["classification"].choices)[1:]
        self.fields["village"].empty_label = "（不在具体村）"
        for name in MONEY_FIELDS:  # an empty amount on paper is nothing: 0
            self.fields[name].required = False
        for name in [*RADIO_FIELDS, *FLAG_GROUPS]:
            self.fields[name].widget.attrs["class"] = "form-check-input"
        for name in RADIO_FIELDS:  # a required radio group has no blank option
            if name != "classification":
                self.fields[name].choices = [c for c in self.fields[name].choices if c[0] != ""]
        for name, pairs in FLAG_GROUPS.items():
            self.fields[name].initial = [f for f, _ in pairs if getattr(self.instance, f, False)]
        if self.instance.pk:
            for name, parts in TOTAL_FIELDS.items():
                self.fields[name].initial = sum((getattr(self.instance, f) for f in parts), ZERO)
        self._limit_choices(user)

    def _limit_choices(self, user: User) -> None:
        townships = Division.objects.filter(level="township")
        villages = Division.objects.filter(level="village").select_related("parent")
        units = Unit.objects.filter(active=True, kind__in=[UnitKind.TOWNSHIP, UnitKind.VILLAGE, UnitKind.DEPARTMENT])
        new = not self.instance.pk
        if not user.is_county and user.unit_id:
            division = user.unit.division_id
            if user.role == Role.TOWNSHIP:
                townships = townships.filter(pk=division)
                villages = villages.filter(parent_id=division)
                units = units.filter(division__in=[division, *villages.values_list("pk", flat=True)]) | units.filter(
                    kind=UnitKind.DEPARTMENT
                )
                if new:
                    self.initial.setdefault("township", division)
            elif user.role == Role.VILLAGE:
                townships = townships.filter(villages__pk=division)
                villages = villages.filter(pk=division)
                units = units.filter(division_id=division)
                self.fields["managing_level"].choices = [(ManagingLevel.VILLAGE, ManagingLevel.VILLAGE.label)]
                if new:
                    self.initial.setdefault("township", user.unit.division.parent_id)
                    self.initial.setdefault("village", division)
                    self.initial.setdefault("managing_level", ManagingLevel.VILLAGE)
                    self.initial.setdefault("managing_unit", user.unit_id)
            elif user.role == Role.DEPARTMENT:
                units = units.filter(pk=user.unit_id)
                self.fields["managing_level"].choices = [(ManagingLevel.DEPARTMENT, ManagingLevel.DEPARTMENT.label)]
                if new:
                    self.initial.setdefault("managing_level", ManagingLevel.DEPARTMENT)
                    self.initial.setdefault("managing_unit", user.unit_id)
        self.fields["township"].queryset = townships
        self.fields["village"].queryset = villages
        self.fields["village"].label_from_instance = lambda d: d.short_name
        self.fields["managing_unit"].queryset = units.order_by("kind", "code")

    def shows_production_reasons(self) -> bool:
        return self["production_status"].value() in ABNORMAL_STATUSES

    def shows_linkage_reasons(self) -> bool:
        return self["linkage"].value() == Linkage.INSUFFICIENT

    def page_rules(self) -> dict[str, object]:
        """What the page's script (static/pengshui/project_form.js) does as the user types,
        from the tables the server checks with: the totals it adds up, and the statuses that
        show each block of reasons."""
        return {
            "totals": TOTAL_FIELDS,
            "production_reasons_for": sorted(ABNORMAL_STATUSES),
            "linkage_reasons_for": [Linkage.INSUFFICIENT],
        }

    def villages_by_township(self) -> dict[str, list[list]]:
        """{township id: [[village id, name], ...]} for the page's village select."""
        out: dict[str, list[list]] = {}
        for village in self.fields["village"].queryset.order_by("code"):
            out.setdefault(str(village.parent_id), []).append([village.pk, village.short_name])
        return out

    def project_data(self) -> dict:
        """The cleaned data as the project's own fields (check boxes become booleans)."""
        data = {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}
        for name, pairs in FLAG_GROUPS.items():
            chosen = set(self.cleaned_data.get(name) or [])
            data.update({f: f in chosen for f, _ in pairs})
        return data

    def facts_check(self):
        """The classification test on what the page shows: the saved project, or after a
        failed submit the facts as submitted (valid fields only)."""
        facts = {name: getattr(self.instance, name, None) for name in EDITABLE_FIELDS}
        if self.is_bound and hasattr(self, "cleaned_data"):
            facts.update(self.project_data())
        elif not self.instance.pk:
            return None
        return check_facts(facts)

    def _check_totals(self, cleaned: dict) -> None:
        for name, parts in TOTAL_FIELDS.items():
            submitted = cleaned.get(name)
            if submitted is None or any(p in self.errors for p in parts):
                continue
            expected = sum((cleaned.get(p) or ZERO for p in parts), ZERO)
            if submitted != expected:
                self.add_error(name, f"合计与各项之和不符（应为 {expected:.2f} 元）")

    def clean(self):
        cleaned = super().clean()
        for name in MONEY_FIELDS:
            if name in cleaned and cleaned[name] is None:
                cleaned[name] = ZERO
        self._check_totals(cleaned)
        data = self.project_data()
        for f in FLAG_FIELDS:  # so the model's constraints are checked on the new values
            setattr(self.instance, f, data[f])
        # The rules run even when other fields are wrong, so every problem shows at once;
        # a field that already has an error keeps its first message.
        for field, message in project_errors(data, self.user).items():
            target = field if field in self.fields else None
            if target is None or target not in self.errors:
                self.add_error(target, message)
        return cleaned
