from django.db.models import F, QuerySet
from django.db.models.lookups import IsNull

from renshe.core.errors import NotFound
from renshe.core.models import User

from .models import Message, SmsTemplate


def unread_count(user: User) -> int:
    """The bell's number: one indexed count (message_inbox)."""
    return Message.objects.filter(recipient=user, read_at__isnull=True).count()


def inbox(user: User, *, unread_only: bool = False) -> QuerySet[Message]:
    """The user's own messages, unread first, newest first within each."""
    messages = Message.objects.filter(recipient=user)
    if unread_only:
        messages = messages.filter(read_at__isnull=True)
    return messages.order_by(IsNull(F("read_at"), True).desc(), "-id")


def sms_templates() -> QuerySet[SmsTemplate]:
    """系统管理 › 短信模板: every template, with who last changed it."""
    return SmsTemplate.objects.select_related("updated_by").order_by("verb")


def sms_template(pk: int) -> SmsTemplate:
    """One template, as its page and the API show it (404 for an id that is none)."""
    found = sms_templates().filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found
