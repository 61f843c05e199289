from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisputesConfig(AppConfig):
    name = "renshe.disputes"
    label = "disputes"
    verbose_name = _("劳动争议")

    def ready(self) -> None:
        from renshe.core import demo, enterprise_file, navigation, parties, search
        from renshe.core.roles import Role

        from . import demo as disputes_demo
        from . import selectors
        from .selectors import enterprise_file_rows

        group = _("劳动争议调解仲裁")
        staff = frozenset({Role.MEDIATOR, Role.DEPARTMENT_ADMIN, Role.ARBITRATOR, Role.BUREAU_LEADER})
        for key, label, url_name, order in (
            ("disputes_queue", _("我的调解案件"), "disputes:queue", 100),
            ("disputes", _("案件列表"), "disputes:list", 110),
            ("dispute_new", _("登记调解申请"), "disputes:create", 120),
            ("disputes_dashboard", _("统计分析"), "disputes:dashboard", 130),
        ):
            navigation.register(navigation.MenuEntry(key, label, url_name, group, roles=staff, order=order))
        parties.register_cases(selectors.disputes_for, people="applicants__person")
        search.register(search.Kind("disputes", _("劳动争议案件"), selectors.search_hits, 100))
        enterprise_file.register(enterprise_file.Section("disputes", _("劳动争议"), enterprise_file_rows))
        demo.EXTENSIONS.append(disputes_demo.build)
