"""The monthly minimum wage as data: the figure the installation used (its setting) becomes the first row
(core/reference/amounts.py)."""

from django.db import migrations

from renshe.core.reference import amounts


def seed(apps, schema_editor):
    amounts.load(apps.get_model("core", "StatutoryAmount"))


def unseed(apps, schema_editor):
    apps.get_model("core", "StatutoryAmount").objects.filter(
        kind="minimum_wage", effective_from=amounts.MINIMUM_WAGE_FROM, created_by=None
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0010_system_management")]

    operations = [migrations.RunPython(seed, unseed)]
