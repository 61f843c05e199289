from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "renshe.messaging"
    label = "messaging"
    verbose_name = _("站内消息")

    def ready(self) -> None:
        from renshe.core import navigation

        from . import receivers

        receivers.connect()
        navigation.register(
            navigation.MenuEntry("messages", _("站内消息"), "messaging:inbox", _("工作台"), order=5)
        )
