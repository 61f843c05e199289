from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisputesConfig(AppConfig):
    name = "renshe.disputes"
    label = "disputes"
    verbose_name = _("劳动争议")

    def ready(self) -> None:
        from renshe.core import demo, enterprise_file, navigation, parties, search

        from . import dashboard, events, rules, selectors
        from . import demo as disputes_demo
        from .selectors import enterprise_file_rows

        group = _("劳动争议调解仲裁")
        for key, label, url_name, order, allowed in (
            ("disputes_queue", _("我的调解案件"), "disputes:queue", 100, rules.may_mediate),
            ("disputes", _("案件列表"), "disputes:list", 110, rules.may_work),
            # 仲裁工作台: the commission's staff with a commission in scope (as the arbitration rules ask)
            (
                "arbitration_workspace",
                _("仲裁工作台"),
                "disputes:arbitration_workspace",
                105,
                rules.may_use_arbitration_workspace,
            ),
            ("hearing_rooms", _("仲裁庭室"), "disputes:hearing_rooms", 107, rules.may_manage_hearing_rooms),
            ("dispute_new", _("登记调解申请"), "disputes:create", 120, rules.may_register),
            ("disputes_dashboard", _("统计分析"), "disputes:dashboard", 130, dashboard.may_view),
        ):
            navigation.register(
                navigation.MenuEntry(key, label, url_name, group, order=order, allowed=allowed)
            )
        navigation.offer("register_dispute", rules.may_register)
        navigation.offer("manage_hearing_rooms", rules.may_manage_hearing_rooms)
        events.register()
        parties.register_cases(selectors.disputes_for, people="applicants__person")
        search.register(search.Kind("disputes", _("劳动争议案件"), selectors.search_hits, 100))
        enterprise_file.register(enterprise_file.Section("disputes", _("劳动争议"), enterprise_file_rows))
        demo.EXTENSIONS.append(disputes_demo.build)
