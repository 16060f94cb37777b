from typing import Any

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from approvals.models import (
    Application,
    ApplicationCopy,
    DecisionLetter,
    Document,
    Holiday,
    HolidayYear,
    JointReview,
    LetterNumbering,
    Meeting,
    Notice,
    NoticePosting,
    Objection,
    Opinion,
    Progress,
    Round,
    Transition,
)
from approvals.services import calendar as calendar_services
from approvals.services.letters import check_template
from approvals.services.rounds import DATE_FIELDS
from ledger.access import county_id_of
from ledger.admin import CountyScoped, register_read_only


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """A year's holidays and make-up working days; every save goes through the service,
    which recomputes the open notices' ends (D9)."""

    list_display = ["date", "is_workday", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        old = form.initial.get("date") if change else None
        calendar_services.holiday_save(by=request.user, holiday=obj, old_date=old)

    def delete_model(self, request, obj):
        calendar_services.holiday_delete(by=request.user, holiday=obj)

    def delete_queryset(self, request, queryset):
        for holiday in queryset:
            calendar_services.holiday_delete(by=request.user, holiday=holiday)


class HolidayYearForm(forms.ModelForm):
    class Meta:
        model = HolidayYear
        fields = ["year", "complete"]

    def clean(self):
        data = super().clean() or {}
        if data.get("complete") and data.get("year"):
            why = calendar_services.completion_problem(data["year"])
            if why:
                raise forms.ValidationError(why)
        return data


@admin.register(HolidayYear)
class HolidayYearAdmin(admin.ModelAdmin):
    """Marks a year's schedule complete (or takes the mark back) through the service, which
    recomputes the open notices' ends (D9)."""

    form = HolidayYearForm
    list_display = ["year", "complete", "entries", "completed_by", "completed_at"]
    readonly_fields = ["entries", "completed_by", "completed_at"]

    @admin.display(description="已录入")
    def entries(self, obj):
        rows = Holiday.objects.filter(date__year=obj.year)
        rest, work = rows.filter(is_workday=False).count(), rows.filter(is_workday=True).count()
        return f"放假{rest}天，调休上班{work}天"

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "year"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if obj.complete:
            obj.complete = False  # the service sets it, with who and when
            if not change:
                obj.save()
            calendar_services.holiday_year_complete(by=request.user, year=obj.year)
        else:
            if not change:
                obj.save()
            calendar_services.holiday_year_reopen(by=request.user, year=obj.year)
        obj.refresh_from_db()

    def has_delete_permission(self, request, obj=None):
        return False


class OwnCounty(CountyScoped):
    """A county record added in the admin is of the administrator's county."""

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        if obj.county_id is None:
            obj.county_id = county_id_of(request.user)
        super().save_model(request, obj, form, change)  # type: ignore[misc]


@admin.register(Round)
class RoundAdmin(OwnCounty, SimpleHistoryAdmin):
    """A year's round; the bureau sets it on its own page (approvals:round_edit), which checks
    the order of the dates. Rounds are not deleted: applications belong to them."""

    list_display = ["year", "name", "submit_by", "approve_by", "report_by", "policy_number"]
    fieldsets = [
        (None, {"fields": ["year", "name"]}),
        (
            "时间安排（十六–二十、二十三）",
            {"fields": list(DATE_FIELDS)},
        ),
        ("依据文件", {"fields": ["policy_title", "policy_number"]}),
    ]

    def has_delete_permission(self, request, obj=None):
        return False


class LetterNumberingForm(forms.ModelForm):
    def clean_template(self) -> str:
        return check_template(self.cleaned_data["template"])


@admin.register(LetterNumbering)
class LetterNumberingAdmin(OwnCounty, admin.ModelAdmin):
    """The 文号 template of a year; the serial only moves forward (the office's page,
    approvals:letters, may advance it), so it is read-only here."""

    form = LetterNumberingForm
    exclude = ["county"]
    list_display = ["year", "template", "last"]
    readonly_fields = ["last"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DecisionLetter)
class DecisionLetterAdmin(CountyScoped, admin.ModelAdmin):
    """Read-only: a letter is issued by the county decision (approvals.services.letters)."""

    list_display = ["number", "unit", "meeting", "issued_at"]
    search_fields = ["number", "unit__name"]
    list_filter = ["year"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


TRANSITION_FIELDS: tuple[str, ...] = ("at", "action", "from_status", "to_status", "by", "text")
OPINION_FIELDS: tuple[str, ...] = ("created_at", "step", "decision", "text", "user", "unit", "meeting")


class TransitionInline(ReadOnlyInline):
    model = Transition
    fields = readonly_fields = TRANSITION_FIELDS


class OpinionInline(ReadOnlyInline):
    model = Opinion
    fields = readonly_fields = OPINION_FIELDS


class CopyInline(ReadOnlyInline):
    model = ApplicationCopy
    fields = readonly_fields = ("number", "filed_at", "filed_by", "data")


@admin.register(Application)
class ApplicationAdmin(CountyScoped, admin.ModelAdmin):
    county_field = "project__county_id"
    """Read-only: an application changes only through its transitions (approvals.services)."""

    list_display = ["project", "sequence", "status", "classification", "approved_class", "submitting_unit"]
    list_filter = ["status", "classification", "managing_level"]
    search_fields = ["project__name", "project__number"]
    inlines = [CopyInline, OpinionInline, TransitionInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields] + ["status"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# each record's path to its county
READ_ONLY_COUNTY = {
    Meeting: "unit__county_id",
    Notice: "unit__county_id",
    NoticePosting: "notice__unit__county_id",
    Objection: "notice__unit__county_id",
    Progress: "application__project__county_id",
    Document: "application__project__county_id",
    JointReview: "application__project__county_id",
}
register_read_only(READ_ONLY_COUNTY)
