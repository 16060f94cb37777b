from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from approvals.models import (
    Application,
    ApplicationCopy,
    DecisionLetter,
    Document,
    Holiday,
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
from approvals.services.letters import check_template


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"


@admin.register(Round)
class RoundAdmin(SimpleHistoryAdmin):
    """A year's round; the bureau sets it on its own page (approvals:round_edit), which checks
    the order of the dates. Rounds are not deleted: applications belong to them."""

    list_display = ["year", "name", "submit_by", "approve_by", "report_by", "policy_number"]
    fieldsets = [
        (None, {"fields": ["year", "name"]}),
        (
            "时间安排（十六–二十、二十三）",
            {
                "fields": [
                    "plan_by",
                    "mobilise_by",
                    "submit_by",
                    "approve_by",
                    "disposal_from",
                    "first_results_by",
                    "report_by",
                ]
            },
        ),
        ("依据文件", {"fields": ["policy_title", "policy_number"]}),
    ]

    def has_delete_permission(self, request, obj=None):
        return False


class LetterNumberingForm(forms.ModelForm):
    def clean_template(self) -> str:
        return check_template(self.cleaned_data["template"])


@admin.register(LetterNumbering)
class LetterNumberingAdmin(admin.ModelAdmin):
    """The 文号 template of a year; the serial only moves forward (the office's page,
    approvals:letters, may advance it), so it is read-only here."""

    form = LetterNumberingForm
    list_display = ["year", "template", "last"]
    readonly_fields = ["last"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DecisionLetter)
class DecisionLetterAdmin(admin.ModelAdmin):
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
class ApplicationAdmin(admin.ModelAdmin):
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


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for model in (Meeting, Notice, NoticePosting, Objection, Progress, Document, JointReview):
    admin.site.register(model, ReadOnlyAdmin)
