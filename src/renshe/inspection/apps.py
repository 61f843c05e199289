from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "renshe.inspection"
    label = "inspection"
    verbose_name = _("劳动保障监察")

    def ready(self) -> None:
        from renshe.core import enterprise_file, navigation, parties, search
        from renshe.core.jobs import register_job

        from . import dashboard, demo, events, rules, selectors
        from .selectors import enterprise_file_rows

        group = _("劳动保障监察")
        entries = [
            ("inspection_queue", _("我的监察案件"), "inspection:queue", 200, rules.may_investigate),
            ("inspections", _("监察案件列表"), "inspection:list", 210, rules.may_work),
            ("inspection_new", _("登记投诉举报"), "inspection:create", 220, rules.may_register),
            ("inspection_handovers", _("转调解、仲裁"), "inspection:handovers", 225, rules.may_hand_over_any),
        ]
        # the statistics page is the dashboard module's; its menu entry appears once its URL exists
        if any(getattr(p, "name", None) == "dashboard" for p in dashboard.urlpatterns):
            entries.append(
                ("inspection_dashboard", _("监察统计分析"), "inspection:dashboard", 230, dashboard.may_view)
            )
        for key, label, url_name, order, allowed in entries:
            navigation.register(
                navigation.MenuEntry(key, label, url_name, group, order=order, allowed=allowed)
            )
        navigation.offer("register_report", rules.may_register)
        events.register()
        parties.register_cases(selectors.inspections_for, people="claims__worker")
        search.register(search.Kind("inspection", _("监察案件"), selectors.search_hits, 200))
        enterprise_file.register(
            enterprise_file.Section("inspections", _("劳动保障监察"), enterprise_file_rows)
        )
        register_job("renshe.inspection.tasks.remove_expired_listings", _("失信联合惩戒名单期满移出"))
        demo.register()  # demo cases for load_demo (DEMO helper)
