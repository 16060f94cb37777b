from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from ledger.models import Division, Project, Unit, User


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
    fieldsets = BaseUserAdmin.fieldsets + (("单位与角色", {"fields": ("unit", "role", "phone")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + (("单位与角色", {"fields": ("unit", "role", "phone")}),)


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    """Read-only in the admin: projects change through the application form, where the
    classification test and the data scope apply, and every change is recorded."""

    list_display = ["number", "name", "township", "managing_unit", "classification", "production_status"]
    list_filter = ["managing_level", "classification", "production_status", "township"]
    search_fields = ["number", "name"]
    list_select_related = ["township", "managing_unit"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
