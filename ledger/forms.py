"""The application form (附件1–3) as a Django form. It only validates input: the rules
themselves live in ledger.classification and ledger.services."""

import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from ledger.access import can_reassign_projects, place_choices
from ledger.choices import (
    ABNORMAL_STATUSES,
    CONSOLIDATE_CONDITIONS,
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
)
from ledger.classification import FactsCheck, check_facts
from ledger.history import check_version, version_of
from ledger.models import Division, Project, Unit, User
from ledger.models.projects import MAX_YEAR, MIN_YEAR, SURVEY_FIELDS, project_field
from ledger.services import (
    DECIDED_FIELDS,
    DECIDED_REFUSAL,
    EDITABLE_FIELDS,
    MANAGER_FIELDS,
    MANAGER_REFUSAL,
    project_errors,
)

# Multi-choice groups on the form, each stored as boolean fields on the project.
FLAG_GROUPS = {
    "production_reasons": PRODUCTION_REASONS,
    "linkage_reasons": LINKAGE_REASONS,
    "consolidate_conditions": CONSOLIDATE_CONDITIONS,
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
    "proposed_classification",
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


# An amount as clerks type or paste it: plain, or with thousands separators in groups of three
# (Excel's "1,234.50"); full-width digits and punctuation ("１２３４．５", "1，234") read as their
# half-width forms first.
AMOUNT = re.compile(r"-?(\d{1,3}(,\d{3})+|\d+)(\.\d*)?|-?\.\d+")
MONEY_INPUT = {"inputmode": "decimal", "class": "form-control money"}


def parse_amount(value: object) -> object:
    """The amount as Decimal can read it: "1,234.50", "１２３４．５", "1，234" → "1234.50",
    "1234.5", "1234"; anything else is returned as it came (and refused by MoneyField)."""
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKC", value).strip().replace(" ", "").replace("。", ".")
    text = text.removesuffix("元")
    if AMOUNT.fullmatch(text):
        return text.replace(",", "")
    return value


class MoneyField(forms.DecimalField):
    """An amount in 元, two decimals, not negative: accepts thousands separators and full-width
    digits as pasted from spreadsheets (D100)."""

    default_error_messages = {
        "invalid": "金额格式不对：请填写数字，如“1234.50”或“1,234.50”。",
        "min_value": "金额不能为负数。",
    }

    def __init__(self, *, min_value: Decimal | None = Decimal("0"), **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("widget", forms.TextInput(attrs=dict(MONEY_INPUT)))
        kwargs.pop("max_value", None)
        super().__init__(min_value=min_value, **kwargs)
        if min_value is not None and min_value > 0:
            self.error_messages["min_value"] = f"金额须不少于{min_value}元。"

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # (the stubs: IntegerField's)
        return super().to_python(parse_amount(value))


def _total_field(label: str) -> forms.DecimalField:
    return MoneyField(
        label=label,
        required=False,
        max_digits=16,
        min_value=None,
        widget=forms.TextInput(attrs={"readonly": True, "class": "form-control money total", "tabindex": "-1"}),
    )


def _choices(field: forms.ChoiceField) -> Iterable[tuple[Any, Any]]:
    """The field's choices as Django holds them once set: (value, label) pairs. (The stubs
    type the getter as anything the setter accepts, callables and mappings included.)"""
    return cast(Iterable[tuple[Any, Any]], field.choices)


class VillageChoiceField(forms.ModelChoiceField):
    """A village listed by its short name: the township is picked beside it."""

    def label_from_instance(self, obj: Division) -> str:
        return obj.short_name


class ProjectForm(forms.ModelForm):
    production_reasons = forms.MultipleChoiceField(
        label="原因", choices=PRODUCTION_REASONS, required=False, widget=forms.CheckboxSelectMultiple
    )
    linkage_reasons = forms.MultipleChoiceField(
        label="作用不充分的原因", choices=LINKAGE_REASONS, required=False, widget=forms.CheckboxSelectMultiple
    )
    consolidate_conditions = forms.MultipleChoiceField(
        label="巩固条件（五项全部具备、生产经营正常且资产在用完好的，可认定为巩固）",
        choices=CONSOLIDATE_CONDITIONS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
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
    fund1_total = _total_field("财政专项扶贫资金（衔接资金）")
    fund2_total = _total_field("整合其他涉农资金")
    fund3_total = _total_field("行业扶贫（帮扶）资金")
    investment_total = _total_field("合计")
    change_reason = forms.CharField(
        label="修改说明", required=False, max_length=100, help_text="记入变更记录，如“按实地调研结果更新现状”。"
    )
    # The version the form was opened on (ledger.history): a save on a stale copy is refused.
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    class Meta:
        model = Project
        fields = [f for f in EDITABLE_FIELDS if f not in FLAG_FIELDS]
        field_classes = {"village": VillageChoiceField, **dict.fromkeys(MONEY_FIELDS, MoneyField)}
        widgets = {
            **dict.fromkeys(RADIO_FIELDS, forms.RadioSelect),
            **{f: forms.TextInput(attrs=dict(MONEY_INPUT)) for f in MONEY_FIELDS},
            "year": forms.NumberInput(attrs={"min": MIN_YEAR, "max": MAX_YEAR}),
            "construction_content": forms.Textarea(attrs={"rows": 2}),
            "proposed_measures": forms.Textarea(attrs={"rows": 3}),
            "revitalise_support": forms.Textarea(attrs={"rows": 2}),
            "remarks": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            self.fields["version"].initial = version_of(self.instance)
        self.fields["year"].widget.attrs["max"] = timezone.localdate().year
        classification = cast(forms.ChoiceField, self.fields["proposed_classification"])
        classification.choices = [("", "暂未认定"), *list(_choices(classification))[1:]]
        for name in SURVEY_FIELDS:  # the survey's facts (十二): blank only until surveyed
            self.fields[name].required = True
        cast("forms.ModelChoiceField[Division]", self.fields["village"]).empty_label = "（不在具体村）"
        for name in MONEY_FIELDS:  # an empty amount on paper is nothing: 0
            self.fields[name].required = False
        for name in [*RADIO_FIELDS, *FLAG_GROUPS]:
            self.fields[name].widget.attrs["class"] = "form-check-input"
        for name in RADIO_FIELDS:  # a required radio group has no blank option
            if name != "proposed_classification":
                radio = cast(forms.ChoiceField, self.fields[name])
                radio.choices = [c for c in _choices(radio) if c[0] != ""]
        for name, pairs in FLAG_GROUPS.items():
            self.fields[name].initial = [f for f, _ in pairs if getattr(self.instance, f, False)]
        if self.instance.pk:
            for name, parts in TOTAL_FIELDS.items():
                self.fields[name].initial = sum((getattr(self.instance, f) for f in parts), ZERO)
        self._limit_choices(user)
        if self.instance.pk and not can_reassign_projects(user):
            for name in MANAGER_FIELDS:  # changed by the bureau on the push page only
                self.fields[name].disabled = True

    def _limit_choices(self, user: User) -> None:
        """Offer only the places the user may file in (ledger.access.place_choices); a
        village or a department files under its own managing level only."""
        places = place_choices(user, active_units_only=True)
        if places.managing_level:
            level = ManagingLevel(places.managing_level)
            cast(forms.ChoiceField, self.fields["managing_level"]).choices = [(level, level.label)]
        if not self.instance.pk:
            defaults = {
                "township": places.default_township,
                "village": places.default_village,
                "managing_level": places.managing_level,
                "managing_unit": places.default_unit,
            }
            for name, value in defaults.items():
                if value is not None:
                    self.initial.setdefault(name, value)
        cast("forms.ModelChoiceField[Division]", self.fields["township"]).queryset = places.townships
        cast("forms.ModelChoiceField[Division]", self.fields["village"]).queryset = places.villages
        cast("forms.ModelChoiceField[Unit]", self.fields["managing_unit"]).queryset = places.units.order_by(
            "kind", "code"
        )

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
        villages = cast("forms.ModelChoiceField[Division]", self.fields["village"]).queryset
        assert villages is not None  # set in _limit_choices
        for village in villages.order_by("code"):
            out.setdefault(str(village.parent_id), []).append([village.pk, village.short_name])
        return out

    def project_data(self) -> dict[str, Any]:
        """The cleaned data as the project's own fields (check boxes become booleans)."""
        data = {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}
        for name, pairs in FLAG_GROUPS.items():
            chosen = set(self.cleaned_data.get(name) or [])
            data.update({f: f in chosen for f, _ in pairs})
        return data

    def facts_check(self) -> FactsCheck | None:
        """The classification test on what the page shows: the saved project, or after a
        failed submit the facts as submitted (valid fields only)."""
        facts = {name: getattr(self.instance, name, None) for name in EDITABLE_FIELDS}
        if self.is_bound and hasattr(self, "cleaned_data"):
            facts.update(self.project_data())
        elif not self.instance.pk:
            return None
        return check_facts(facts)

    def clean_year(self) -> int | None:
        """实施年度 is a year the project was carried out in: not a year still to come."""
        year = self.cleaned_data.get("year")
        this_year = timezone.localdate().year
        if year is not None and year > this_year:
            raise ValidationError(f"实施年度不能晚于今年（{this_year}年）。", code="future_year")
        return year

    def _check_totals(self, cleaned: dict[str, Any]) -> None:
        for name, parts in TOTAL_FIELDS.items():
            submitted = cleaned.get(name)
            if submitted is None or any(p in self.errors for p in parts):
                continue
            expected = sum((cleaned.get(p) or ZERO for p in parts), ZERO)
            if submitted != expected:
                self.add_error(name, f"合计与各项之和不符（应为 {expected:.2f} 元）")

    def _refuse_decided(self) -> None:
        """The class in force and who manages a project are not on this form; a post that
        carries a change to them anyway is refused and changes nothing."""
        project = self.instance
        for name in DECIDED_FIELDS:
            if name in self.data and (self.data.get(name) or "") != (getattr(project, name) or ""):
                self.add_error(None, DECIDED_REFUSAL)
                break
        if project.pk and not can_reassign_projects(self.user):
            for name in MANAGER_FIELDS:
                current = getattr(project, project_field(name).attname)
                if name in self.data and str(self.data.get(name) or "") != str(current or ""):
                    self.add_error(None, MANAGER_REFUSAL)
                    break

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        assert cleaned is not None  # a model form's clean() returns its cleaned_data
        if self.instance.pk:
            # a stale copy (another's save, or the user's own before going Back) is the answer,
            # not the totals or rules checked on its old figures (ledger.history)
            try:
                check_version(self.instance, cleaned.get("version"), "此项目", self.user)
            except ValidationError as stale:
                self.add_error(None, stale)
                return cleaned
        for name in MONEY_FIELDS:
            if name in cleaned and cleaned[name] is None:
                cleaned[name] = ZERO
        self._check_totals(cleaned)
        self._refuse_decided()
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
