"""The timeline becomes one hash chain per subject, sealed by anchors, instead of one chain for everything
behind a single locked head row (every writer of every module queued on it).

Every existing event is re-chained within its subject (in id order), which changes its digest; the first
anchor then seals all of them and records the old single chain's head digest, so the history stays
verifiable and the step from the old chain to the new one is on record. The digest and mac functions are
copied here (migrations are history: later changes to core.timeline must not change what this one did).
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import migrations, models
from django.utils import timezone

GENESIS = "0" * 64
BATCH = 2000


def _digest(event, per_subject: bool = True) -> str:
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
    if per_subject:
        body["seq"] = event.subject_seq
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)
    return hashlib.sha256(canonical.encode()).hexdigest()


def rechain(apps, schema_editor):
    Event = apps.get_model("core", "Event")
    Head = apps.get_model("core", "EventChainHead")
    Anchor = apps.get_model("core", "TimelineAnchor")
    heads: dict[tuple, tuple[int, str]] = {}
    root, count, first, last, batch = GENESIS, 0, None, 0, []
    for event in Event.objects.order_by("id").iterator(chunk_size=BATCH):
        key = (event.subject_type_id, event.subject_id)
        seq, previous = heads.get(key, (0, GENESIS))
        event.subject_seq, event.previous_digest = seq + 1, previous
        event.digest = _digest(event)
        heads[key] = (event.subject_seq, event.digest)
        root = hashlib.sha256((root + event.digest).encode()).hexdigest()
        count, first, last = count + 1, first or event.id, event.id
        batch.append(event)
        if len(batch) == BATCH:
            Event.objects.bulk_update(batch, ["subject_seq", "previous_digest", "digest"])
            batch = []
    Event.objects.bulk_update(batch, ["subject_seq", "previous_digest", "digest"])
    if not count:
        return
    head = Head.objects.filter(pk=1).first()
    anchor = Anchor(
        first_event_id=first,
        last_event_id=last,
        count=count,
        root=root,
        previous_mac="",
        sealed_at=timezone.now(),
        legacy_head=head.last_digest if head else "",
    )
    body = f"{first}:{last}:{count}:{root}:"
    anchor.mac = hmac.new(settings.RENSHE_TIMELINE_KEY.encode(), body.encode(), hashlib.sha256).hexdigest()
    anchor.save()


def unchain(apps, schema_editor):
    """Back to one chain over every event in id order, with its head row (the old core.timeline)."""
    Event = apps.get_model("core", "Event")
    Head = apps.get_model("core", "EventChainHead")
    previous, count, batch = GENESIS, 0, []
    for event in Event.objects.order_by("id").iterator(chunk_size=BATCH):
        event.previous_digest = previous
        event.digest = previous = _digest(event, per_subject=False)
        count += 1
        batch.append(event)
        if len(batch) == BATCH:
            Event.objects.bulk_update(batch, ["previous_digest", "digest"])
            batch = []
    Event.objects.bulk_update(batch, ["previous_digest", "digest"])
    Head.objects.update_or_create(pk=1, defaults={"last_digest": previous, "length": count})


class Migration(migrations.Migration):
    dependencies = [("core", "0005_protect_personal_data")]

    operations = [
        migrations.CreateModel(
            name="TimelineAnchor",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("first_event_id", models.PositiveBigIntegerField()),
                ("last_event_id", models.PositiveBigIntegerField(unique=True)),
                ("count", models.PositiveIntegerField()),
                ("root", models.CharField(max_length=64)),
                ("previous_mac", models.CharField(max_length=64)),
                ("mac", models.CharField(max_length=64, unique=True)),
                ("sealed_at", models.DateTimeField()),
                ("legacy_head", models.CharField(blank=True, max_length=64)),
            ],
            options={"verbose_name": "时间线锚点", "verbose_name_plural": "时间线锚点", "ordering": ["-id"]},
        ),
        migrations.AddField(model_name="event", name="subject_seq", field=models.PositiveIntegerField(null=True)),
        migrations.RunPython(rechain, unchain),
        migrations.AlterField(model_name="event", name="subject_seq", field=models.PositiveIntegerField()),
        migrations.AddConstraint(
            model_name="event",
            constraint=models.UniqueConstraint(
                fields=("subject_type", "subject_id", "subject_seq"), name="event_one_link_per_subject_seq"
            ),
        ),
        # a separate migration (0007) drops the old head row's table, so that this one reverses with it in place
]
