from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "renshe.inspection"
    label = "inspection"
    verbose_name = _("劳动保障监察")

    def ready(self) -> None:
        from renshe.core import enterprise_file, navigation, parties, search
        from renshe.core.roles import Role

        from . import dashboard, demo, selectors
        from .selectors import enterprise_file_rows

        group = _("劳动保障监察")
        staff = frozenset({Role.INSPECTOR, Role.GRID_OFFICER, Role.BUREAU_LEADER, Role.DEPARTMENT_ADMIN})
        entries = [
            ("inspection_queue", _("我的监察案件"), "inspection:queue", 200),
            ("inspections", _("监察案件列表"), "inspection:list", 210),
            ("inspection_new", _("登记投诉举报"), "inspection:create", 220),
        ]
        # the statistics page is the dashboard module's; its menu entry appears once its URL exists
        if any(getattr(p, "name", None) == "dashboard" for p in dashboard.urlpatterns):
            entries.append(("inspection_dashboard", _("监察统计分析"), "inspection:dashboard", 230))
        for key, label, url_name, order in entries:
            navigation.register(navigation.MenuEntry(key, label, url_name, group, roles=staff, order=order))
        parties.register_cases(selectors.inspections_for, people="claims__worker")
        search.register(search.Kind("inspection", _("监察案件"), selectors.search_hits, 200))
        enterprise_file.register(
            enterprise_file.Section("inspections", _("劳动保障监察"), enterprise_file_rows)
        )
        demo.register()  # demo cases for load_demo (DEMO helper)
