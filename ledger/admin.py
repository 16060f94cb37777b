from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.db import router
from django.db.models import Model, Q
from django.db.models.deletion import Collector, ProtectedError
from django.http import HttpResponseRedirect
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from ledger.access import county_id_of, county_q
from ledger.models import County, Division, Project, Unit, User
from ledger.services import DECIDED_REFUSAL, EDITABLE_FIELDS, project_errors


class CountyScoped:
    """The admin site of a county's system administrator shows and offers only their
    county's rows (D113): `county_field` is the row's path to its county; the places,
    units and users a form may pick are the county's too."""

    county_field = "county_id"

    def get_queryset(self, request: Any) -> Any:
        qs = super().get_queryset(request)  # type: ignore[misc]
        mine = county_q(request.user, self.county_field)
        if self.county_field == "unit__county_id" and request.user.is_superuser:
            mine |= Q(unit__isnull=True)  # accounts of no unit (superusers): the superuser's to manage
        return qs.filter(mine)

    def formfield_for_foreignkey(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        model = db_field.remote_field.model
        if model in (Division, Unit):
            kwargs["queryset"] = model.objects.filter(county_q(request.user))
        elif model is County:
            kwargs["queryset"] = County.objects.filter(county_q(request.user, "pk"))
        elif model is User:
            kwargs["queryset"] = User.objects.filter(county_q(request.user, "unit__county_id"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


class RoleFitsUnitMixin(forms.ModelForm):
    """Run the user's own check (role fits unit) in the form, so the message sits next to
    the role or unit field."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        assert cleaned is not None  # a model form's clean() returns its cleaned_data
        user = User(
            unit=cleaned.get("unit"),
            role=cleaned.get("role") or "",
            is_staff=bool(cleaned.get("is_staff", getattr(self.instance, "is_staff", False))),
            is_superuser=bool(cleaned.get("is_superuser", getattr(self.instance, "is_superuser", False))),
        )
        try:
            User.clean(user)
        except ValidationError as e:
            for field, messages in e.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        return cleaned


class UserAdminChangeForm(RoleFitsUnitMixin, UserChangeForm):
    pass


class UserAdminCreationForm(RoleFitsUnitMixin, AdminUserCreationForm):
    """A new account's password is set by the administrator: the user changes it at the
    first log-in (the classified-protection baseline)."""

    def save(self, commit: bool = True) -> Any:
        self.instance.must_change_password = True
        return super().save(commit=commit)


@admin.register(County)
class CountyAdmin(CountyScoped, admin.ModelAdmin):
    """A county's own record: its names and implementing plan. Counties are added by
    `manage.py add_county`, never here."""

    county_field = "pk"
    list_display = ["code", "name", "short_name", "plan_number"]
    readonly_fields = ["code"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Division)
class DivisionAdmin(CountyScoped, admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    readonly_fields = ["code", "level", "parent"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Unit)
class UnitAdmin(CountyScoped, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "division", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["division"]
    exclude = ["county"]

    def save_model(self, request, obj, form, change):
        """A unit added by a county's administrator is of their county."""
        if obj.county_id is None:
            obj.county_id = county_id_of(request.user)
        super().save_model(request, obj, form, change)


@admin.register(User)
class UserAdmin(CountyScoped, BaseUserAdmin):
    county_field = "unit__county_id"
    list_display = ["username", "last_name", "first_name", "unit", "role", "is_active"]
    list_filter = ["role", "is_active", "unit__kind"]
    search_fields = ["username", "first_name", "last_name", "unit__name"]
    autocomplete_fields = ["unit"]
    form = UserAdminChangeForm
    add_form = UserAdminCreationForm
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("单位与角色", {"fields": ("unit", "role", "phone")}),
        ("密码", {"fields": ("must_change_password",)}),
    )
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, ("单位与角色", {"fields": ("unit", "role", "phone")}))
    actions = ["deactivate"]

    def get_actions(self, request):
        """Users are deactivated, not deleted in bulk: who acted stays named on every record."""
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # 三员分立: an administrator never changes his own rights, and every change of a user or a
    # role is recorded in the audit trail (ledger.audit), which the administrator cannot read.
    OWN_LOCKED_FIELDS = ("unit", "role", "is_active", "is_staff", "is_superuser", "groups", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            readonly += [f for f in self.OWN_LOCKED_FIELDS if f not in readonly]
        return readonly

    def user_change_password(self, request, id, form_url=""):
        """Password resets belong to the security administrator (三员分立), on the security page."""
        self.message_user(request, "重设密码由安全管理员办理（安全管理页面）。", messages.ERROR)
        return HttpResponseRedirect(reverse("admin:ledger_user_change", args=[unquote(id)]))

    @admin.action(description="停用所选用户（保留其办理记录）", permissions=["change"])
    def deactivate(self, request, queryset):
        count = 0
        for user in queryset.exclude(pk=request.user.pk).filter(is_active=True):
            user.is_active = False
            user.save(update_fields=["is_active"])  # one by one: each change is audited
            count += 1
        self.message_user(request, f"已停用 {count} 个用户；他们不能再登录，办理记录保留。", messages.SUCCESS)

    def delete_view(self, request, object_id, extra_context=None):
        """A user who acted (signed, filed, uploaded, recorded …) is never deleted: every
        reference to them is PROTECT; the refusal says how to deactivate instead."""
        user = self.get_object(request, unquote(object_id))
        refusal = user_delete_refusal(user) if user is not None else ""
        if user is not None and refusal:
            self.message_user(request, refusal, messages.ERROR)
            return HttpResponseRedirect(reverse("admin:ledger_user_change", args=[user.pk]))
        return super().delete_view(request, object_id, extra_context)


def _record_kind(obj: Any) -> str:
    """What a record is, in Chinese: a history row of a project is 项目修改记录."""
    source = getattr(obj, "instance_type", None)  # django-simple-history's row
    if source is not None:
        return f"{source._meta.verbose_name}修改记录"
    return str(obj._meta.verbose_name)


def user_delete_refusal(user: User) -> str:
    """Why `user` may not be deleted (Chinese), or "" when nothing records them."""
    collector = Collector(using=router.db_for_write(User))
    try:
        collector.collect([user])
    except ProtectedError as e:
        kinds = sorted({_record_kind(obj) for obj in e.protected_objects})
        return (
            f"用户“{user.display_name}”已有办理记录（{'、'.join(kinds)}共{len(e.protected_objects)}条），"
            "删除会使这些记录失去经办人，不能删除。请改为停用：在本页取消勾选“有效”后保存，"
            "或在用户列表中选中该用户，执行“停用所选用户”。停用后不能登录，记录保留。"
        )
    return ""


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
class ProjectAdmin(CountyScoped, SimpleHistoryAdmin):
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
from ledger.models.weekly import WeeklyReminder, WeeklyReport, WeeklyReportVersion  # noqa: E402


class ReadOnlyAdmin(CountyScoped, admin.ModelAdmin):
    """Records the system writes itself: visible to administrators, changed only by the app."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportMapping)
class ImportMappingAdmin(CountyScoped, admin.ModelAdmin):
    list_display = ["name", "created_by", "created_at"]
    search_fields = ["name"]


def register_read_only(county_paths: Mapping[type[Model], str]) -> None:
    """Register each model as a ReadOnlyAdmin scoped by its path to its county (CountyScoped)."""
    for model, path in county_paths.items():
        admin.site.register(model, type(f"{model.__name__}Admin", (ReadOnlyAdmin,), {"county_field": path}))


# each record's path to its county
READ_ONLY_COUNTY = {
    ImportBatch: "county_id",
    ProjectPush: "project__county_id",
    WeeklyReport: "unit__county_id",
    WeeklyReportVersion: "report__unit__county_id",
    WeeklyReminder: "unit__county_id",
    MonthlySnapshot: "county_id",
    ProjectDocument: "project__county_id",
}
register_read_only(READ_ONLY_COUNTY)
