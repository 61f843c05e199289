"""The messaging app listens; the kernel and the case modules do not import it (core.notices)."""

from typing import Any

from django.db.models.signals import post_save

from renshe.core import notices
from renshe.core.models import Event

from . import services


def _on_notice(sender: Any, *, recipients: list, notice: notices.Notice, **kwargs: Any) -> int:
    return services.deliver(recipients, notice)


def _on_event(sender: Any, instance: Event, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        services.on_event(instance)


def connect() -> None:
    notices.notice.connect(_on_notice, dispatch_uid="messaging.notice")
    post_save.connect(_on_event, sender=Event, dispatch_uid="messaging.event")
