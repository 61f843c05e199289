"""Open recusal tasks written before the director decided (issue 12, point 4) sit on the commission
administrators' workbenches, who can no longer decide them: until an administrator grants someone the
office (决定仲裁员回避, in 系统管理), they say so, as services.arbitration's fallback task does."""

from django.db import migrations

SUFFIX = "（请在系统管理中为仲裁委员会主任授予回避决定权限）"


def retitle(apps, schema_editor):
    WorkItem = apps.get_model("core", "WorkItem")
    items = WorkItem.objects.filter(kind="arbitration.recusal", status="open", role="department_admin")
    for item in items.exclude(title__endswith=SUFFIX):
        item.title = (item.title + SUFFIX)[:200]
        item.save(update_fields=["title"])


def restore(apps, schema_editor):
    WorkItem = apps.get_model("core", "WorkItem")
    for item in WorkItem.objects.filter(kind="arbitration.recusal", title__endswith=SUFFIX):
        item.title = item.title[: -len(SUFFIX)]
        item.save(update_fields=["title"])


class Migration(migrations.Migration):
    dependencies = [
        ("disputes", "0012_hearing_room_no_overlap"),
        ("core", "0014_user_granted_capabilities"),
    ]
    operations = [migrations.RunPython(retitle, restore)]
