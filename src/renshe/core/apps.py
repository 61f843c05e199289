from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "renshe.core"
    label = "core"
    verbose_name = _("基础数据")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from . import checks, rules  # noqa: F401 - checks registers the data key check
        from .models import DictionaryEntry

        # a code list edited: its choices are read again in this request (core.requestcache)
        post_save.connect(_forget, sender=DictionaryEntry, dispatch_uid="forget-dictionary-saved")
        post_delete.connect(_forget, sender=DictionaryEntry, dispatch_uid="forget-dictionary-deleted")
        from oauth2_provider.signals import app_authorized

        from .tokens import token_issued_to_client

        app_authorized.connect(token_issued_to_client, dispatch_uid="renshe.core.token_issued_to_client")

        from .navigation import MenuEntry, offer, register

        work, registry, system = _("工作台"), _("基础数据"), _("系统")
        register(MenuEntry("workbench", _("我的待办"), "core:workbench", work, order=0))
        register(MenuEntry("enterprises", _("企业档案"), "core:enterprises", registry, order=900))
        register(MenuEntry("people", _("人员信息"), "core:people", registry, order=910))
        register(MenuEntry("organisations", _("机构网络"), "core:organisations", registry, order=920))
        register(MenuEntry("calendar", _("法定期限与日历"), "core:calendar", system, order=950))
        manage = _("系统管理")
        for key, label, url_name, order in (
            ("system_users", _("用户管理"), "core:system_users", 930),
            ("system_organisations", _("机构管理"), "core:system_organisations", 932),
            ("system_dictionaries", _("字典管理"), "core:system_dictionaries", 933),
            ("system_parameters", _("参数设置"), "core:system_parameters", 934),
            ("system_clients", _("接口客户端"), "core:system_clients", 935),
            ("system_jobs", _("定时任务"), "core:system_jobs", 936),
        ):
            register(MenuEntry(key, label, url_name, manage, order=order, allowed=rules.may_manage_system))
        # Django's admin site: superusers only (core/admin.py), so no role sees this entry
        register(MenuEntry("admin", _("后台管理"), "admin:index", manage, roles=frozenset(), order=938))
        register(MenuEntry("profile", _("个人中心"), "core:profile", system, order=994))
        offer("export", rules.may_export)
        offer("register_enterprise", rules.may_register_enterprise)
        offer("register_person", rules.may_register_person)
        offer("manage_registry", rules.may_manage_registry)
        _register_event_kinds()
        _register_jobs()


def _register_event_kinds() -> None:
    """The events core writes, and how the operation log names its records (core.eventkinds)."""
    from . import eventkinds
    from .models import (
        DictionaryEntry,
        Enterprise,
        HolidaySchedule,
        Industry,
        Organisation,
        PeriodOverride,
        Person,
        Region,
        StatutoryAmount,
        User,
    )
    from .rules import may_manage_system

    register = eventkinds.register_kinds
    register(
        "organisation",
        _("机构"),
        {"created": _("新建机构"), "updated": _("修改机构"), "moved": _("调整上级机构")},
    )
    register(
        "enterprise",
        _("企业"),
        {"registered": _("登记企业"), "updated": _("修改企业信息"), "named": _("申请中新登记企业")},
    )
    register(
        "person",
        _("人员"),
        {
            "registered": _("登记人员"),
            "identity_confirmed": _("核实身份证号码"),
            "revealed": _("查看完整证件号码和电话"),
        },
    )
    register(
        "calendar",
        _("节假日安排"),
        {"schedule_pending": _("节假日安排待确认"), "schedule_confirmed": _("确认节假日安排")},
    )
    register("document", _("文书"), {"issued": _("签发文书")})
    register("registry", _("基础数据"), {"generated": _("批量生成测试数据")})
    register(
        "user",
        _("用户"),
        {
            "created": _("新建用户"),
            "updated": _("修改用户"),
            "disabled": _("停用用户"),
            "enabled": _("启用用户"),
            "password_reset": _("重置密码"),
            "profile": _("修改个人信息"),
        },
    )
    register(
        "api_client",
        _("接口客户端"),
        {"registered": _("登记接口客户端"), "grant_changed": _("修改接口客户端授权范围")},
    )
    register("parameter", _("参数"), {"added": _("设置法定金额参数")})
    register("period_rule", _("期限规则"), {"added": _("设置法定期限规则")})
    register("dictionary", _("字典"), {"added": _("新增字典项"), "updated": _("修改字典项")})
    register("region", _("行政区划"), {"added": _("新增行政区划"), "renamed": _("修改行政区划名称")})
    register("industry", _("国民经济行业"), {"added": _("新增行业代码"), "renamed": _("修改行业名称")})
    subject = eventkinds.register_subject
    # 系统管理's pages open to administrators only: the others see the name without a link
    subject(
        Organisation,
        eventkinds.by_field(Organisation, "name", "/system/organisations/{pk}/"),
        may_manage_system,
    )
    subject(Enterprise, eventkinds.by_field(Enterprise, "name", "/enterprises/{pk}/"))
    subject(Person, eventkinds.by_field(Person, "name", "/people/{pk}/"))
    subject(User, eventkinds.by_field(User, "username", "/system/users/{pk}/"), may_manage_system)
    subject(HolidaySchedule, eventkinds.by_field(HolidaySchedule, "year", "/calendar/"))
    for model, field, url in (
        (DictionaryEntry, "label", "/system/dictionaries/{pk}/"),
        (Region, "name", "/system/dictionaries/regions/{pk}/"),
        (Industry, "name", "/system/dictionaries/industries/{pk}/"),
        (StatutoryAmount, "effective_from", "/system/parameters/"),
        (PeriodOverride, "effective_from", "/system/parameters/"),
    ):
        subject(model, eventkinds.by_field(model, field, url), may_manage_system)


def _register_jobs() -> None:
    from .jobs import register_job

    register_job("renshe.core.tasks.send_due_reminders", _("期限临近和超期提醒"))
    register_job("renshe.core.tasks.check_next_year_holiday_schedule", _("检查次年节假日安排"))
    register_job("renshe.core.tasks.seal_timeline", _("时间线封存"))
    register_job("renshe.core.tasks.purge_idempotency_keys", _("清除过期幂等键"))


def _forget(**kwargs) -> None:
    from .requestcache import forget

    forget()
