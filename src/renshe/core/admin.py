from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import (
    ApiToken,
    CalendarOverride,
    DictionaryEntry,
    Event,
    HolidaySchedule,
    Industry,
    Organisation,
    Region,
    User,
)


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
    list_display = ("name", "kind", "parent", "case_prefix", "active")
    list_filter = ("kind",)
    search_fields = ("name",)
    readonly_fields = ("path", "depth")


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
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked")
    readonly_fields = ("prefix", "key_digest", "created_at", "last_used_at")


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
