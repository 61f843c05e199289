from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "renshe.messaging"
    label = "messaging"
    verbose_name = _("站内消息")

    def ready(self) -> None:
        from renshe.core import demo, eventkinds, navigation, rules

        from . import receivers, templates
        from .models import SmsTemplate

        receivers.connect()
        navigation.register(
            navigation.MenuEntry("messages", _("站内消息"), "messaging:inbox", _("工作台"), order=5)
        )
        navigation.register(
            navigation.MenuEntry(
                "sms_templates",
                _("短信模板"),
                "messaging:sms_templates",
                _("系统管理"),
                order=935,
                allowed=rules.may_manage_system,
            )
        )
        eventkinds.register_kinds("sms_template", _("短信模板"), {"updated": _("修改短信模板")})
        eventkinds.register_subject(
            SmsTemplate, eventkinds.by_field(SmsTemplate, "name", "/messages/templates/{pk}/")
        )
        # the texts are gone after a test database flush, as the code lists are (core/demo.py)
        demo.EXTENSIONS.append(lambda world, rng: templates.load(SmsTemplate))
