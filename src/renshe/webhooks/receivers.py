"""The webhooks app listens to the timeline; core does not import it. The events of one transaction are
fanned out together once it commits (one set of queries and one bulk insert, not a round per event)."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

from renshe.core import casework
from renshe.core.models import Event

from . import services
from .events import PUBLIC_NAME


class _Batch:
    """The webhook events of one transaction, fanned out by one after-commit effect."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.done = False
        self.hook: object = None  # the effect as queued on the connection (run_on_commit)

    def __call__(self) -> None:
        self.done = True
        services.fan_out(self.events)


def _on_event(sender: Any, instance: Event, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if not created or raw or instance.verb not in PUBLIC_NAME:
        return
    connection = transaction.get_connection()
    batch = getattr(connection, "webhook_batch", None)
    # the batch joins a transaction's events until it has run; one that a savepoint's rollback dropped
    # (with its events) is no longer queued on the connection
    if (
        batch is None
        or batch.done
        or all(hook is not batch.hook for _s, hook, _r in connection.run_on_commit)
    ):
        batch = connection.webhook_batch = _Batch()
        batch.events.append(instance)
        casework.after_commit(batch, what=f"webhooks for the events from {instance.pk} on")
        if connection.in_atomic_block:  # the effect waits on the connection (else it has run)
            batch.hook = connection.run_on_commit[-1][1]
    else:
        batch.events.append(instance)


def connect() -> None:
    post_save.connect(_on_event, sender=Event, dispatch_uid="webhooks.event")
