from django.contrib import admin

from .models import Message, SmsRecord


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "title", "read_at"]
    list_filter = ["kind"]
    raw_id_fields = ["recipient", "work_item"]


@admin.register(SmsRecord)
class SmsRecordAdmin(admin.ModelAdmin):
    list_display = ["created_at", "template", "status", "attempts", "provider_id"]
    list_filter = ["status", "template"]
    readonly_fields = ["phone", "template", "text", "status", "attempts", "provider_id", "error", "sent_at"]
