"""Messages to users of the back office (站内消息) and text messages to the parties of a case (短信)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renshe.core.protection import EncryptedCharField


class AboutSubject(models.Model):
    """Which record (a case) a row is about, if any."""

    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_id = models.CharField(max_length=40, blank=True)

    class Meta:
        abstract = True


class Message(AboutSubject):
    """One message to one user: what happened (kind, title, body), which case it is about (`url` and the
    subject), when it came and when its reader marked it read. A reminder names its task (`work_item`)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("类型"), max_length=30)
    title = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(max_length=200, blank=True)
    work_item = models.ForeignKey(
        "core.WorkItem", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")
        ordering = ["-id"]
        indexes = [
            # the bell's count and the unread-first list: one user's rows, unread ones first
            models.Index(fields=["recipient", "read_at", "-id"], name="message_inbox"),
        ]
        constraints = [
            # one reminder of each kind per task and person, however often the job runs or is retried
            models.UniqueConstraint(
                fields=["recipient", "work_item", "kind"],
                condition=Q(work_item__isnull=False),
                name="one_message_reminder_per_kind",
            )
        ]

    def __str__(self) -> str:
        return self.title


class SmsStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class SmsRecord(AboutSubject):
    """Every text message to a party, as sent: to whom (encrypted like every phone number), which template
    and the text it gave, and what the gateway answered."""

    phone = EncryptedCharField(_("手机号码"), max_length=20)
    template = models.CharField(_("模板"), max_length=40)
    text = models.CharField(_("短信内容"), max_length=500)
    status = models.CharField(_("状态"), max_length=10, choices=SmsStatus.choices, default=SmsStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("发送次数"), default=0)
    provider_id = models.CharField(_("网关流水号"), max_length=100, blank=True)
    error = models.CharField(_("错误"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("短信记录")
        verbose_name_plural = _("短信记录")
        ordering = ["-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="sms_by_subject")]

    def __str__(self) -> str:
        return f"{self.template} {self.get_status_display()}"


class SmsTemplate(models.Model):
    """The text a timeline event sends the case's parties (kinds.NOTICES names the events), kept by the
    administrators in 系统管理 › 短信模板: named placeholders (`{number}`…, templates.PLACEHOLDERS) filled
    from the event. `version` counts the edits (each one an event on the template's timeline)."""

    verb = models.CharField(_("事件"), max_length=60, unique=True)
    name = models.CharField(_("模板名称"), max_length=40)
    text = models.CharField(_("短信内容"), max_length=300)
    active = models.BooleanField(_("启用"), default=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("短信模板")
        verbose_name_plural = _("短信模板")
        ordering = ["verb"]

    def __str__(self) -> str:
        return self.name
