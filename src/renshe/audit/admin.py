from django.contrib import admin

from .models import AccessRecord


@admin.register(AccessRecord)
class AccessRecordAdmin(admin.ModelAdmin):
    """Read only: access records are evidence; they leave only through the retention purge."""

    list_display = ("occurred_at", "kind", "outcome", "username", "organisation", "ip", "path")
    list_filter = ("kind", "outcome")
    search_fields = ("username", "ip")
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
