"""The kernel's reminders (core.Notification) become messages: same recipient, kind, text, link, task and
read time. Going back copies them back (core 0010 goes back first, recreating the table) and leaves the
messages' table empty, as it was before."""

from django.db import migrations

FIELDS = ("recipient_id", "work_item_id", "kind", "url", "read_at")


def forwards(apps, schema_editor):
    Notification = apps.get_model("core", "Notification")
    Message = apps.get_model("messaging", "Message")
    for old in Notification.objects.order_by("id").iterator():
        new = Message.objects.create(title=old.text, **{f: getattr(old, f) for f in FIELDS})
        Message.objects.filter(pk=new.pk).update(created_at=old.created_at)


def backwards(apps, schema_editor):
    Notification = apps.get_model("core", "Notification")
    Message = apps.get_model("messaging", "Message")
    for old in Message.objects.order_by("id").iterator():
        new = Notification.objects.create(text=old.title[:300], **{f: getattr(old, f) for f in FIELDS})
        Notification.objects.filter(pk=new.pk).update(created_at=old.created_at)
    Message.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0009_data_key_record"), ("messaging", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
