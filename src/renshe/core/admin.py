from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from . import services
from .models import (
    ApiToken,
    CalendarOverride,
    DictionaryEntry,
    Event,
    HolidaySchedule,
    Industry,
    JobRun,
    Organisation,
    Region,
    StatutoryAmount,
    User,
)


def _superusers_only(request) -> bool:
    """Django's admin site is for superusers: department administrators work in 系统管理 (core.system_views),
    where the services keep them within their scope."""
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superusers_only  # type: ignore[method-assign]
admin.site.register([JobRun, StatutoryAmount])


@admin.register(User)
class RensheUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (
        (
            "renshe",
            {"fields": ("full_name", "organisation", "role", "data_scope", "scope_organisations", "phone")},
        ),
    )
    list_display = ("username", "full_name", "organisation", "role", "is_active")
    list_filter = ("role", "is_active")
    filter_horizontal = ("scope_organisations",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """New organisations go through the service, which places them in the tree (path) and on the
    timeline; moving one under another parent would re-scope its records, so parent is fixed once set."""

    list_display = ("name", "kind", "parent", "case_prefix", "active")
    list_filter = ("kind",)
    search_fields = ("name",)
    exclude = ("path", "depth")

    def get_readonly_fields(self, request, obj=None):
        return ("parent", "kind") if obj else ()

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = services.create_organisation(
            name=obj.name,
            kind=obj.kind,
            parent=obj.parent,
            short_name=obj.short_name,
            case_prefix=obj.case_prefix,
            region=obj.region,
            by=request.user,
        )
        obj.pk, obj.path, obj.depth = created.pk, created.path, created.depth


@admin.register(Region, Industry)
class CodeListAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "parent")
    search_fields = ("code", "name")


@admin.register(DictionaryEntry)
class DictionaryEntryAdmin(admin.ModelAdmin):
    list_display = ("dictionary", "code", "label", "label_en", "sort_order", "active")
    list_filter = ("dictionary", "active")


@admin.register(HolidaySchedule)
class HolidayScheduleAdmin(admin.ModelAdmin):
    list_display = ("year", "confirmed", "source", "confirmed_by", "confirmed_at")
    readonly_fields = ("confirmed", "confirmed_by", "confirmed_at")


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ("day", "is_working_day", "note")
    date_hierarchy = "day"


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only: a personal token is issued by its owner in 个人中心 (or `manage.py create_api_token`),
    which shows the key once; a row added here would have no key."""

    list_display = ("name", "user", "prefix", "scopes", "created_at", "expires_at", "last_used_at", "revoked")
    list_filter = ("revoked",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Read-only: the timeline is append-only."""

    list_display = ("occurred_at", "actor_label", "verb", "summary")
    list_filter = ("verb",)
    search_fields = ("summary",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
