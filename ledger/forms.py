"""The application form (附件1–3) as a Django form. It only validates input: the rules
themselves live in ledger.classification and ledger.services."""

from django import forms

from ledger.choices import (
    LINKAGE_REASONS,
    PRODUCTION_REASONS,
    REBUILD_DEFECTS,
    RECORDED_PROBLEMS,
    UPGRADE_DEFECTS,
    ManagingLevel,
    Role,
    UnitKind,
)
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
RADIO_FIELDS = ["managing_level", "industry_type", "operation_mode", "functional_state", "use_state",
                "production_status", "linkage", "classification"]


class ProjectForm(forms.ModelForm):
    production_reasons = forms.MultipleChoiceField(
        label="停产闲置或经营困难原因", choices=PRODUCTION_REASONS, required=False, widget=forms.CheckboxSelectMultiple
    )
    linkage_reasons = forms.MultipleChoiceField(
        label="联农带农作用不充分的原因", choices=LINKAGE_REASONS, required=False, widget=forms.CheckboxSelectMultiple
    )
    upgrade_defects = forms.MultipleChoiceField(
        label="提升类缺陷（两项以上可认定为提升）", choices=UPGRADE_DEFECTS, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    rebuild_defects = forms.MultipleChoiceField(
        label="重建类缺陷（一项以上可认定为重建）", choices=REBUILD_DEFECTS, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    problems = forms.MultipleChoiceField(
        label="存在问题（台账）", choices=RECORDED_PROBLEMS, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Project
        fields = [f for f in EDITABLE_FIELDS if f not in FLAG_FIELDS]
        widgets = {
            **{f: forms.RadioSelect for f in RADIO_FIELDS},
            "construction_content": forms.Textarea(attrs={"rows": 3}),
            "measures": forms.Textarea(attrs={"rows": 3}),
            "remarks": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["classification"].choices = [("", "暂未认定")] + list(self.fields["classification"].choices)[1:]
        for name, pairs in FLAG_GROUPS.items():
            self.fields[name].initial = [f for f, _ in pairs if getattr(self.instance, f, False)]
        townships = Division.objects.filter(level="township")
        villages = Division.objects.filter(level="village").select_related("parent")
        units = Unit.objects.filter(active=True, kind__in=[UnitKind.TOWNSHIP, UnitKind.VILLAGE, UnitKind.DEPARTMENT])
        if not user.is_county and user.unit_id:
            division = user.unit.division_id
            if user.role == Role.TOWNSHIP:
                townships = townships.filter(pk=division)
                villages = villages.filter(parent_id=division)
                units = units.filter(division__in=[division, *villages.values_list("pk", flat=True)]) | units.filter(
                    kind=UnitKind.DEPARTMENT
                )
            elif user.role == Role.VILLAGE:
                townships = townships.filter(villages__pk=division)
                villages = villages.filter(pk=division)
                units = units.filter(division_id=division)
                self.fields["managing_level"].choices = [(ManagingLevel.VILLAGE, ManagingLevel.VILLAGE.label)]
            elif user.role == Role.DEPARTMENT:
                units = units.filter(pk=user.unit_id)
                self.fields["managing_level"].choices = [(ManagingLevel.DEPARTMENT, ManagingLevel.DEPARTMENT.label)]
        self.fields["township"].queryset = townships
        self.fields["village"].queryset = villages
        self.fields["village"].label_from_instance = lambda d: f"{d.parent.name} {d.short_name}"
        self.fields["managing_unit"].queryset = units.order_by("kind", "code")

    def project_data(self) -> dict:
        """The cleaned data as the project's own fields (check boxes become booleans)."""
        data = {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}
        for name, pairs in FLAG_GROUPS.items():
            chosen = set(self.cleaned_data.get(name) or [])
            data.update({f: f in chosen for f, _ in pairs})
        return data

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        data = self.project_data()
        for f in FLAG_FIELDS:  # so the model's constraints are checked on the new values
            setattr(self.instance, f, data[f])
        for field, message in project_errors(data, self.user).items():
            self.add_error(field if field in self.fields else None, message)
        return cleaned
