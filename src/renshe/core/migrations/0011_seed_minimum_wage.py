"""The monthly minimum wage as data: the figure the installation used (its setting, RENSHE_MONTHLY_MINIMUM_WAGE)
becomes the first row, from the day Shanghai's current standard is believed to have taken effect."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import migrations

EFFECTIVE_FROM = date(2025, 7, 1)
CITATION = "上海市月最低工资标准（2025年7月1日起；原系统设置 RENSHE_MONTHLY_MINIMUM_WAGE，来源待核实）"


def seed(apps, schema_editor):
    StatutoryAmount = apps.get_model("core", "StatutoryAmount")
    StatutoryAmount.objects.get_or_create(
        kind="minimum_wage",
        region=None,
        effective_from=EFFECTIVE_FROM,
        defaults={"amount": Decimal(settings.RENSHE_MONTHLY_MINIMUM_WAGE), "citation": CITATION},
    )


def unseed(apps, schema_editor):
    StatutoryAmount = apps.get_model("core", "StatutoryAmount")
    StatutoryAmount.objects.filter(
        kind="minimum_wage", region=None, effective_from=EFFECTIVE_FROM, created_by=None
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0010_system_management")]

    operations = [migrations.RunPython(seed, unseed)]
