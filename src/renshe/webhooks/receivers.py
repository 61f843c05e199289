"""The webhooks app listens to the timeline; core does not import it."""

from typing import Any

from django.db.models.signals import post_save

from renshe.core import casework
from renshe.core.models import Event

from . import services
from .events import PUBLIC_NAME


def _on_event(sender: Any, instance: Event, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw and instance.verb in PUBLIC_NAME:
        casework.after_commit(lambda: services.fan_out(instance), what=f"webhooks for event {instance.pk}")


def connect() -> None:
    post_save.connect(_on_event, sender=Event, dispatch_uid="webhooks.event")
