"""Webhook subscriptions of outside systems (WebhookEndpoint) and each event sent to one (WebhookDelivery)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renshe.core.protection import EncryptedCharField


class WebhookEndpoint(models.Model):
    """Where an account (an outside system's, or a person's) wants the events it subscribed to POSTed, signed
    with `secret` (shown once when made or rotated, kept encrypted). Only events on records its owner may see
    are sent. Paused by its owner, or by the sender after too many failures in a row (`paused_reason`);
    deliveries wait while paused and are sent when it resumes."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField(_("接收地址"), max_length=500)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    secret = EncryptedCharField(_("签名密钥"), max_length=80)
    events = models.JSONField(_("订阅的事件"), default=list)
    active = models.BooleanField(_("启用"), default=True)
    paused_reason = models.CharField(_("暂停原因"), max_length=300, blank=True)
    paused_at = models.DateTimeField(_("暂停时间"), null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(_("连续失败次数"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("Webhook接收地址")
        verbose_name_plural = _("Webhook接收地址")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    DELIVERED = "delivered", _("已送达")
    FAILED = "failed", _("发送失败")


class WebhookDelivery(models.Model):
    """One event for one endpoint: its body, fixed when the event committed (a replay sends the same body
    under the same `uuid`, with a fresh signature), and how sending it went."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey("core.Event", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("事件"), max_length=60)
    payload = models.JSONField()
    status = models.CharField(
        _("状态"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    response_code = models.PositiveSmallIntegerField(_("响应状态码"), null=True, blank=True)
    error = models.CharField(_("错误"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("最近尝试时间"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("Webhook投递")
        verbose_name_plural = _("Webhook投递")
        ordering = ["-id"]
        indexes = [
            # the delivery log, newest first, whole or of one status (selectors.deliveries)
            models.Index(fields=["endpoint", "-id"], name="webhook_delivery_log"),
            models.Index(fields=["endpoint", "status", "-id"], name="webhook_delivery_by_status"),
            # the sweeper's (services.send_due): the pending ones by when they are due
            models.Index(
                fields=["next_attempt_at"], condition=Q(status="pending"), name="webhook_delivery_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.uuid}"
