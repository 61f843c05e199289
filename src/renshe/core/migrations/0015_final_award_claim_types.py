"""The claim types 劳动争议调解仲裁法 第四十七条 names and the dictionary lacked: 工伤医疗费 and 赔偿金 (final up to twelve
months of the minimum wage), and working hours and rest and leave (final whatever the amount). Added after the
existing entries of a loaded dictionary; a fresh database has them from 0002 already."""

from django.db import migrations

NEW = [  # as in core.reference.dictionaries.CLAIM_TYPES when written
    ("work_injury_medical", "工伤医疗费", "Work-injury medical costs"),
    ("damages", "赔偿金", "Damages"),
    ("working_hours", "工作时间", "Working hours"),
    ("rest_leave", "休息休假", "Rest and leave"),
]


def add(apps, schema_editor):
    entries = apps.get_model("core", "DictionaryEntry")
    existing = entries.objects.filter(dictionary="claim_type")
    if not existing.exists():
        return
    order = max(existing.values_list("sort_order", flat=True)) + 1
    for code, label, en in NEW:
        if not existing.filter(code=code).exists():
            entries.objects.create(dictionary="claim_type", code=code, label=label, label_en=en, sort_order=order)
            order += 1


class Migration(migrations.Migration):
    dependencies = [("core", "0014_user_granted_capabilities")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
