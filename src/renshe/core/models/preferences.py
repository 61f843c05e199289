from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageKind(models.TextChoices):
    """The kinds of message a user may choose how to receive (the message centre sends them)."""

    REFERRAL = "referral", _("收到转派")
    ASSIGNMENT = "assignment", _("分派案件")
    DEADLINE = "deadline", _("期限临近或超期")
    COLLECTIVE = "collective", _("集体争议")
    HEARING = "hearing", _("开庭安排")


class NotificationPreference(models.Model):
    """How one user wants one kind of message: in the app (站内), by SMS (短信), both or neither. No row:
    the default (core.preferences.DEFAULT)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("消息类型"), max_length=20, choices=MessageKind.choices)
    in_app = models.BooleanField(_("站内消息"), default=True)
    sms = models.BooleanField(_("短信"), default=False)

    class Meta:
        verbose_name = _("消息接收设置")
        verbose_name_plural = _("消息接收设置")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"


class ListPreference(models.Model):
    """What a user chose for one list (core.tables): the columns shown, in the table's own order. Keys the
    list no longer has are ignored when read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="list_preferences"
    )
    list_key = models.CharField(_("列表"), max_length=50)
    columns = models.JSONField(_("显示的列"), default=list)
    page_size = models.PositiveSmallIntegerField(_("每页条数"), null=True, blank=True)

    class Meta:
        verbose_name = _("列表设置")
        verbose_name_plural = _("列表设置")
        constraints = [models.UniqueConstraint(fields=["user", "list_key"], name="list_preference_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.list_key}"
