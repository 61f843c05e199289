from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    pass


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("timeline events cannot be changed")

    def delete(self):
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
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.summary}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("timeline events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("timeline events cannot be deleted")


class EventChainHead(models.Model):
    """Single row holding the last digest; writers lock it so the chain stays linear under concurrency."""

    last_digest = models.CharField(max_length=64)
    length = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return self.last_digest
