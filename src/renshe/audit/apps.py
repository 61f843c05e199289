from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "renshe.audit"
    label = "audit"
    verbose_name = _("安全审计")

    def ready(self) -> None:
        from renshe.core import navigation
        from renshe.core.roles import Capability

        from . import checks, receivers  # noqa: F401 - checks registers itself on import

        receivers.connect()
        system = _("系统")
        navigation.register(
            navigation.MenuEntry(
                "audit",
                _("安全审计日志"),
                "audit:access",
                system,
                capability=Capability.REVIEW_AUDIT_LOG,
                order=980,
            )
        )
        navigation.register(
            navigation.MenuEntry("password", _("修改密码"), "password_change", system, order=995)
        )
        from renshe.core.jobs import register_job

        register_job("renshe.audit.tasks.purge_access_records", _("清除过期访问记录"))
