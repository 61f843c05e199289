"""Load the reference code lists (GB/T 4754 industries, Shanghai divisions, dictionaries) once."""

from django.db import migrations

from renshe.core import reference


def load(apps, schema_editor):
    reference.load(
        apps.get_model("core", "Industry"), apps.get_model("core", "Region"), apps.get_model("core", "DictionaryEntry")
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
