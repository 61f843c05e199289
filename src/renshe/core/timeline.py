"""The append-only timeline: one hash chain per subject (a case, an enterprise, a person …), sealed by anchors.

Each event carries its subject's sequence number and the digest of that subject's previous event, so a
subject's history verifies in time proportional to it (`verify_subject`). Writers of different subjects
never wait for one another: an event is serialised only by its subject's row lock, which the service
already holds (record_event takes it again, a no-op then, so that no caller can forget it).

A scheduled job (`seal`, from Celery beat and `manage.py seal_timeline`) seals the committed events into a
`TimelineAnchor`: their id range, count, a running root over their digests, the previous anchor's mac and an
HMAC under RENSHE_TIMELINE_KEY, which lives in the environment, not the database; each root is also written
to the log. `verify_chain` checks the whole history: every subject's links and every anchor.
"""

import hashlib
import hmac
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from .models import Enterprise, Event, Organisation, TimelineAnchor, User
from .subjects import subject_of

GENESIS = "0" * 64
logger = logging.getLogger("renshe.timeline")


def _digest(event: Event) -> str:
    body = {
        "previous": event.previous_digest,
        "seq": event.subject_seq,
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
    actor: User | None = None,
    actor_label: str = "",
    enterprise: Enterprise | None = None,
    organisation: Organisation | None = None,
    changes: dict | None = None,
) -> Event:
    """Append one event to `subject`'s chain. Must run inside the caller's transaction so the event and the
    change it records commit or roll back together."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must be called inside the service's transaction")
    # the subject's row lock orders its events; the service holds it already (casework.LOCK_ORDER)
    type(subject)._base_manager.select_for_update().filter(pk=subject.pk).values_list("pk").first()
    where = subject_of(subject)
    last = Event.objects.filter(**where).order_by("-subject_seq").values_list("subject_seq", "digest").first()
    seq, previous = last if last else (0, GENESIS)
    event = Event(
        occurred_at=timezone.now(),
        actor=actor,
        actor_label=actor_label or (str(actor) if actor else "系统"),
        verb=verb,
        summary=summary[:300],
        **where,
        enterprise=enterprise,
        organisation=organisation,
        changes=_json_safe(changes or {}),
        subject_seq=seq + 1,
        previous_digest=previous,
    )
    event.digest = _digest(event)
    event.save()
    return event


# --- verification -------------------------------------------------------------------------------------


@dataclass
class ChainReport:
    checked: int
    broken_at: int | None = None
    reason: str = ""
    anchors: int = 0

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def _walk(events: Iterable[Event], report: ChainReport) -> ChainReport:
    """Check events given in (subject, seq) order: each links to its subject's previous one and matches its
    own digest."""
    subject, seq, previous = None, 0, GENESIS
    for event in events:
        if (event.subject_type_id, event.subject_id) != subject:
            subject, seq, previous = (event.subject_type_id, event.subject_id), 0, GENESIS
        if event.subject_seq != seq + 1 or event.previous_digest != previous:
            report.broken_at = event.id
            report.reason = (
                "link to the subject's previous event is broken (an event was removed or inserted)"
            )
            return report
        if _digest(event) != event.digest:
            report.broken_at, report.reason = (
                event.id,
                "content does not match its digest (the event was altered)",
            )
            return report
        seq, previous = event.subject_seq, event.digest
        report.checked += 1
    return report


def verify_subject(subject: models.Model) -> ChainReport:
    """One subject's chain, in time proportional to its own events."""
    return _walk(
        Event.objects.filter(**subject_of(subject)).order_by("subject_seq").iterator(), ChainReport(0)
    )


def _mac(anchor: TimelineAnchor) -> str:
    body = (
        f"{anchor.first_event_id}:{anchor.last_event_id}:{anchor.count}:{anchor.root}:{anchor.previous_mac}"
    )
    return hmac.new(settings.RENSHE_TIMELINE_KEY.encode(), body.encode(), hashlib.sha256).hexdigest()


def _root(first_id: int, last_id: int, batch_size: int = 5000) -> tuple[str, int]:
    """The running root over the digests of the events with ids in [first_id, last_id], and their count."""
    root, count = GENESIS, 0
    digests = (
        Event.objects.filter(id__gte=first_id, id__lte=last_id)
        .order_by("id")
        .values_list("digest", flat=True)
    )
    for digest in digests.iterator(chunk_size=batch_size):
        root = hashlib.sha256((root + digest).encode()).hexdigest()
        count += 1
    return root, count


def verify_chain(batch_size: int = 5000) -> ChainReport:
    """The whole history: every subject's chain, then every anchor's count, root and mac, and the links
    between anchors. The first problem found is reported."""
    events = Event.objects.order_by("subject_type_id", "subject_id", "subject_seq")
    report = _walk(events.iterator(chunk_size=batch_size), ChainReport(0))
    if not report.intact:
        return report
    previous_mac, next_first = "", 1
    for anchor in TimelineAnchor.objects.order_by("id").iterator():
        report.anchors += 1
        problem = ""
        if anchor.previous_mac != previous_mac or anchor.first_event_id < next_first:
            problem = "the anchors' own chain is broken (an anchor was removed or replaced)"
        elif not hmac.compare_digest(_mac(anchor), anchor.mac):
            problem = "an anchor's seal does not match (it was forged, or the timeline key is not the one it was sealed with)"
        elif _root(anchor.first_event_id, anchor.last_event_id, batch_size) != (anchor.root, anchor.count):
            problem = "sealed events differ from their anchor (events were altered, removed or inserted)"
        if problem:
            report.broken_at, report.reason = anchor.last_event_id, f"anchor {anchor.pk}: {problem}"
            return report
        previous_mac, next_first = anchor.mac, anchor.last_event_id + 1
    return report


# --- sealing ------------------------------------------------------------------------------------------


def _cut_off() -> datetime:
    """The moment before which every event is committed: `grace` ago, or earlier if a transaction that
    began before then is still open (PostgreSQL says; each of its events is younger than its start)."""
    cut = timezone.now() - timedelta(seconds=settings.RENSHE_TIMELINE_SEAL_GRACE_SECONDS)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT min(xact_start) FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
            )
            (oldest,) = cursor.fetchone()
        if oldest is not None:
            cut = min(cut, oldest - timedelta(seconds=1))
    return cut


def seal(legacy_head: str = "") -> TimelineAnchor | None:
    """Seal the committed events since the last anchor into a new one (None when there are none)."""
    with transaction.atomic():
        last = TimelineAnchor.objects.select_for_update().order_by("-id").first()
        first_id = last.last_event_id + 1 if last else 1
        last_id = Event.objects.filter(id__gte=first_id, occurred_at__lt=_cut_off()).aggregate(
            m=models.Max("id")
        )["m"]
        if last_id is None:
            return None
        root, count = _root(first_id, last_id)
        anchor = TimelineAnchor(
            first_event_id=first_id,
            last_event_id=last_id,
            count=count,
            root=root,
            previous_mac=last.mac if last else "",
            sealed_at=timezone.now(),
            legacy_head=legacy_head,
        )
        anchor.mac = _mac(anchor)
        anchor.save()
    logger.info("timeline anchor %s: events %s-%s (%s) root %s", anchor.pk, first_id, last_id, count, root)
    return anchor


def diff(instance: models.Model, before: dict, fields: list[str]) -> dict:
    """{field: [old, new]} for the fields whose value changed; what the timeline stores as changes."""
    return {f: [before.get(f), getattr(instance, f)] for f in fields if before.get(f) != getattr(instance, f)}
