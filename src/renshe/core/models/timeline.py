from typing import Any, NoReturn

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    pass


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("timeline events cannot be changed")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("timeline events cannot be deleted")


class Event(models.Model):
    """One append-only timeline entry. `digest` covers this entry's content and the previous entry's
    digest, so any edit, deletion or insertion after the fact breaks the chain (see verify_timeline)."""

    occurred_at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("操作人"), max_length=80)
    verb = models.CharField(_("动作"), max_length=60)
    summary = models.CharField(_("摘要"), max_length=300)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=40)
    enterprise = models.ForeignKey(
        "core.Enterprise", null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    organisation = models.ForeignKey(
        "core.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    # the subject's own chain: its n-th event, linked to the digest of its (n-1)-th
    subject_seq = models.PositiveIntegerField()
    previous_digest = models.CharField(max_length=64)
    digest = models.CharField(max_length=64, unique=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("时间线事件")
        verbose_name_plural = _("时间线事件")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "-id"]),
            models.Index(fields=["enterprise", "-id"]),
            # the operation log, newest first (audit.selectors.keyset_page): whole, or of one kind of event
            models.Index(fields=["-occurred_at", "-id"], name="event_newest_first"),
            models.Index(fields=["verb", "-occurred_at", "-id"], name="event_kind_newest_first"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "subject_seq"], name="event_one_link_per_subject_seq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.summary}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("timeline events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("timeline events cannot be deleted")


class TimelineAnchor(models.Model):
    """A seal over the events with ids in (previous anchor's last_event_id, last_event_id]: their count, a
    running SHA-256 root over their digests in id order, and an HMAC over all of it and the previous anchor's
    mac, keyed by RENSHE_TIMELINE_KEY (from the environment, never the database). Rewriting sealed history
    therefore needs the key as well as the database."""

    first_event_id = models.PositiveBigIntegerField()
    last_event_id = models.PositiveBigIntegerField(unique=True)
    count = models.PositiveIntegerField()
    root = models.CharField(max_length=64)
    previous_mac = models.CharField(max_length=64)
    mac = models.CharField(max_length=64, unique=True)
    sealed_at = models.DateTimeField()
    # what the migration to per-subject chains found at the head of the old single chain (first anchor only)
    legacy_head = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("时间线锚点")
        verbose_name_plural = _("时间线锚点")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.first_event_id}–{self.last_event_id} {self.root[:12]}"
