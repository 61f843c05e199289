from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "renshe.inspection"
    label = "inspection"
    verbose_name = _("劳动保障监察")
