"""Load the reference code lists (GB/T 4754 industries, Shanghai divisions, dictionaries) once."""

from django.db import migrations

from renshe.core.reference import dictionaries, industries, regions


def load(apps, schema_editor):
    Industry = apps.get_model("core", "Industry")
    Region = apps.get_model("core", "Region")
    DictionaryEntry = apps.get_model("core", "DictionaryEntry")
    sections = {code: Industry.objects.create(code=code, name=name) for code, name in industries.SECTIONS}
    Industry.objects.bulk_create(
        Industry(code=code, name=name, parent=sections[section]) for code, name, section in industries.DIVISIONS
    )
    by_code = {}
    for code, name, parent in regions.REGIONS:
        by_code[code] = Region.objects.create(code=code, name=name, parent=by_code.get(parent))
    for dictionary, rows in (("case_type", dictionaries.CASE_TYPES), ("claim_type", dictionaries.CLAIM_TYPES)):
        DictionaryEntry.objects.bulk_create(
            DictionaryEntry(dictionary=dictionary, code=code, label=label, label_en=en, sort_order=i)
            for i, (code, label, en) in enumerate(rows)
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
