"""The data key recorded in the database (core.protection.check_data_key), and issued documents encrypted at
rest under generated names (core.files).

The key recorded is the one the existing ID numbers are under, if there are any (so that a server started with
another key is refused, not the migration's guess taken for the truth), otherwise the configured one. Then
every issued document's file is encrypted, which needs that key: a mismatch stops the migration before any
file is touched. Backwards the files stay encrypted: plain copies are never written back.
"""

from django.db import migrations, models

import renshe.core.files
import renshe.core.protection


def record_key(apps, schema_editor):
    protection = renshe.core.protection
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM core_person WHERE id_number <> '' ORDER BY id LIMIT 1")
        row = cursor.fetchone()
    in_use = protection.key_id_of(row[0]) if row and protection.is_token(row[0]) else None
    protection.record_data_key(in_use or protection.keyring().current.id)


def seal_documents(apps, schema_editor):
    renshe.core.files.seal_files(apps.get_model("core", "IssuedDocument"))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_issued_documents"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataKeyRecord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key_id", models.CharField(max_length=8)),
                ("recorded_at", models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.RunPython(record_key, migrations.RunPython.noop),
        migrations.RunPython(seal_documents, migrations.RunPython.noop),
    ]
