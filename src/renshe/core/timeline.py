"""The append-only, hash-chained timeline. Services call `record_event` inside their transaction."""

import hashlib
import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from .models import Event, EventChainHead
from .subjects import subject_of

GENESIS = "0" * 64


def _digest(event: Event) -> str:
    body = {
        "previous": event.previous_digest,
        "at": event.occurred_at.isoformat(),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "verb": event.verb,
        "summary": event.summary,
        "subject": [event.subject_type_id, event.subject_id],
        "enterprise": event.enterprise_id,
        "organisation": event.organisation_id,
        "changes": event.changes,
    }
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _json_safe(changes: dict) -> dict:
    # round-trip so that what is hashed now equals what the JSON column gives back later
    return json.loads(json.dumps(changes, cls=DjangoJSONEncoder, ensure_ascii=False))


def record_event(
    subject: models.Model,
    verb: str,
    summary: str,
    *,
    actor=None,
    actor_label: str = "",
    enterprise=None,
    organisation=None,
    changes: dict | None = None,
) -> Event:
    """Append one event. Must run inside the caller's transaction so the event and the change it
    records commit or roll back together."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must be called inside the service's transaction")
    head, _ = EventChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"last_digest": GENESIS}
    )
    event = Event(
        occurred_at=timezone.now(),
        actor=actor,
        actor_label=actor_label or (str(actor) if actor else "系统"),
        verb=verb,
        summary=summary[:300],
        **subject_of(subject),
        enterprise=enterprise,
        organisation=organisation,
        changes=_json_safe(changes or {}),
        previous_digest=head.last_digest,
    )
    event.digest = _digest(event)
    event.save()
    EventChainHead.objects.filter(pk=1).update(last_digest=event.digest, length=models.F("length") + 1)
    return event


@dataclass
class ChainReport:
    checked: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify_chain(batch_size: int = 5000) -> ChainReport:
    """Recompute every digest in order; report the first event whose content or link does not match."""
    previous = GENESIS
    checked = 0
    for event in Event.objects.order_by("id").iterator(chunk_size=batch_size):
        if event.previous_digest != previous:
            return ChainReport(
                checked, event.id, "link to the previous event is broken (an event was removed or inserted)"
            )
        if _digest(event) != event.digest:
            return ChainReport(checked, event.id, "content does not match its digest (the event was altered)")
        previous = event.digest
        checked += 1
    head = EventChainHead.objects.filter(pk=1).first()
    if head and (head.last_digest != previous or head.length != checked):
        return ChainReport(
            checked, -1, "the chain head does not match the last event (events were removed at the end)"
        )
    return ChainReport(checked)


def diff(instance: models.Model, before: dict, fields: list[str]) -> dict:
    """{field: [old, new]} for the fields whose value changed; what the timeline stores as changes."""
    return {f: [before.get(f), getattr(instance, f)] for f in fields if before.get(f) != getattr(instance, f)}
