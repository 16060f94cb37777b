from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from ledger.models import Division, Project, Unit, User
from ledger.services import DECIDED_REFUSAL, EDITABLE_FIELDS, project_errors


class RoleFitsUnitMixin(forms.ModelForm):
    """Run the user's own check (role fits unit) in the form, so the message sits next to
    the role or unit field."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        assert cleaned is not None  # a model form's clean() returns its cleaned_data
        user = User(unit=cleaned.get("unit"), role=cleaned.get("role") or "")
        try:
            User.clean(user)
        except ValidationError as e:
            for field, messages in e.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        return cleaned


class UserAdminChangeForm(RoleFitsUnitMixin, UserChangeForm):
    pass


class UserAdminCreationForm(RoleFitsUnitMixin, AdminUserCreationForm):
    pass


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    readonly_fields = ["code", "level", "parent"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "division", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["division"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "last_name", "first_name", "unit", "role", "is_active"]
    list_filter = ["role", "is_active", "unit__kind"]
    search_fields = ["username", "first_name", "last_name", "unit__name"]
    autocomplete_fields = ["unit"]
    form = UserAdminChangeForm
    add_form = UserAdminCreationForm
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("单位与角色", {"fields": ("unit", "role", "phone")}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, ("单位与角色", {"fields": ("unit", "role", "phone")}))


class ProjectAdminForm(forms.ModelForm):
    """The classification test and the placement rules apply in the admin too."""

    class Meta:
        model = Project
        fields = "__all__"  # noqa: DJ007 - the administrator may correct any field

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        assert cleaned is not None  # a model form's clean() returns its cleaned_data
        if self.errors:
            return cleaned
        data = {name: cleaned.get(name, getattr(self.instance, name, None)) for name in EDITABLE_FIELDS}
        for field, message in project_errors(data, None).items():
            self.add_error(field if field in self.fields else None, message)
        return cleaned


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    """Superusers may correct a project here; the same tests as on the application form
    apply and every change is recorded. Projects are filed through the form, never added
    or deleted here."""

    form = ProjectAdminForm
    list_display = ["number", "name", "township", "managing_unit", "classification", "production_status"]
    list_filter = ["managing_level", "classification", "production_status", "township"]
    search_fields = ["number", "name"]
    list_select_related = ["township", "managing_unit"]
    readonly_fields = [
        "classification",
        "measures",
        "class_conditions_pending",
        "ledger_progress",
        "created_by",
        "created_at",
        "updated_at",
    ]
    raw_id_fields = ["township", "village", "managing_unit"]

    def has_add_permission(self, request):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # the class in force is read-only here too (see ledger.services.DECIDED_FIELDS)
        extra_context = {**(extra_context or {}), "subtitle": DECIDED_REFUSAL}
        return super().change_view(request, object_id, form_url, extra_context)

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.record_change(by=request.user, reason="系统管理员修改")
        obj.class_conditions_pending = False  # the form passed the classification test
        super().save_model(request, obj, form, change)


from ledger.models.documents import ProjectDocument  # noqa: E402
from ledger.models.imports import ImportBatch, ImportMapping, ProjectPush  # noqa: E402
from ledger.models.snapshots import MonthlySnapshot  # noqa: E402
from ledger.models.weekly import WeeklyReport  # noqa: E402


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the system writes itself: visible to administrators, changed only by the app."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportMapping)
class ImportMappingAdmin(admin.ModelAdmin):
    list_display = ["name", "created_by", "created_at"]
    search_fields = ["name"]


for model in (ImportBatch, ProjectPush, WeeklyReport, MonthlySnapshot, ProjectDocument):
    admin.site.register(model, ReadOnlyAdmin)
