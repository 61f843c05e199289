"""Dispute records are changed only through the services (and so the timeline); the admin site shows them."""

from django.contrib import admin

from .models import ArbitrationCase, DisputeCase


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DisputeCase)
class DisputeCaseAdmin(ReadOnlyAdmin):
    list_display = ("number", "status", "respondent", "organisation", "received_on", "mediation_due_on")
    list_filter = ("status", "collective", "channel")
    search_fields = ("number", "respondent__name")
    date_hierarchy = "received_on"


@admin.register(ArbitrationCase)
class ArbitrationCaseAdmin(ReadOnlyAdmin):
    list_display = (
        "number",
        "commission",
        "applied_on",
        "accepted_on",
        "award_due_on",
        "awarded_on",
        "final",
    )
