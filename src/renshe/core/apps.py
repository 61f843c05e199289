from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "renshe.core"
    label = "core"
    verbose_name = _("基础数据")

    def ready(self) -> None:
        from . import checks, rules  # noqa: F401 - checks registers the data key check
        from .navigation import MenuEntry, offer, register

        work, registry, system = _("工作台"), _("基础数据"), _("系统")
        register(MenuEntry("workbench", _("我的待办"), "core:workbench", work, order=0))
        register(MenuEntry("enterprises", _("企业档案"), "core:enterprises", registry, order=900))
        register(MenuEntry("people", _("人员信息"), "core:people", registry, order=910))
        register(MenuEntry("organisations", _("机构网络"), "core:organisations", registry, order=920))
        register(MenuEntry("calendar", _("法定期限与日历"), "core:calendar", system, order=950))
        register(
            MenuEntry("admin", _("系统管理"), "admin:index", system, order=990, allowed=rules.may_administer)
        )
        offer("export", rules.may_export)
        offer("register_enterprise", rules.may_register_enterprise)
        offer("register_person", rules.may_register_person)
        offer("manage_registry", rules.may_manage_registry)
