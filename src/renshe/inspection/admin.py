from django.contrib import admin

from .models import AdvancePayment, DishonestListing, InspectionCase, PoliceTransfer, Report, WageClaim


@admin.register(InspectionCase)
class InspectionCaseAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "respondent",
        "status",
        "received_on",
        "worker_count",
        "owed_total",
        "paid_total",
    ]
    list_filter = ["status", "group_case", "organisation"]
    search_fields = ["number", "respondent__name"]
    raw_id_fields = ["respondent", "street", "organisation", "extension_approved_by", "created_by"]
    # the ledger's totals and the workflow are kept by the services
    readonly_fields = ["status", "owed_total", "paid_total", "advanced_total", "repaid_total", "version"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "channel", "respondent", "received_on", "status"]
    list_filter = ["kind", "channel", "status"]
    raw_id_fields = ["case", "reporter", "respondent", "created_by"]
    # the reporter's identity is protected: not shown in the admin list or form
    exclude = ["reporter", "reporter_name", "reporter_id_number", "reporter_phone", "reporter_contact"]


@admin.register(WageClaim)
class WageClaimAdmin(admin.ModelAdmin):
    list_display = ["case", "worker", "owed_total", "paid_total", "resolution"]
    raw_id_fields = ["case", "worker", "report", "dispute"]
    readonly_fields = ["owed_total", "paid_total"]


@admin.register(AdvancePayment)
class AdvancePaymentAdmin(admin.ModelAdmin):
    list_display = ["case", "payer_name", "decided_on", "advanced_total", "repaid_total"]
    raw_id_fields = ["case", "payer", "recorded_by"]
    readonly_fields = ["advanced_total", "repaid_total"]


admin.site.register([PoliceTransfer, DishonestListing])
