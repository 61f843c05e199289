from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "renshe.webhooks"
    label = "webhooks"
    verbose_name = _("Webhook")

    def ready(self) -> None:
        from renshe.core import eventkinds
        from renshe.core.jobs import register_job

        from . import receivers
        from .models import WebhookEndpoint

        receivers.connect()
        eventkinds.register_kinds(
            "webhook",
            _("Webhook"),
            {
                "created": _("新建Webhook接收地址"),
                "updated": _("修改Webhook接收地址"),
                "secret_rotated": _("更换Webhook签名密钥"),
                "paused": _("暂停Webhook接收地址"),
                "resumed": _("恢复Webhook接收地址"),
                "deleted": _("删除Webhook接收地址"),
                "replayed": _("重新发送Webhook投递"),
            },
        )
        eventkinds.register_subject(WebhookEndpoint, eventkinds.by_field(WebhookEndpoint, "url"))
        register_job("renshe.webhooks.tasks.send_due_deliveries", _("发送到期的Webhook投递"))
