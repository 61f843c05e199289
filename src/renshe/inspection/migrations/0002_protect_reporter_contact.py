"""A reporter's contact (a phone number, mostly) encrypted at rest like a Person's (core/protection.py).
Values already encrypted are left alone, so the migration can be repeated; backwards decrypts them."""

from django.db import migrations

import renshe.core.protection

CONTEXT = "inspection.report.reporter_contact"  # the field's own context, which the encryption binds


def _convert(schema_editor, forward: bool):
    """On the raw column: the model field would encrypt whatever it is given, in either direction."""
    protection = renshe.core.protection
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, reporter_contact FROM inspection_report WHERE reporter_contact <> ''")
        changes = [
            [protection.encrypt(value, CONTEXT) if forward else protection.decrypt(value, CONTEXT), pk]
            for pk, value in cursor.fetchall()
            if forward != protection.is_token(value)
        ]
        cursor.executemany("UPDATE inspection_report SET reporter_contact = %s WHERE id = %s", changes)


def encrypt(apps, schema_editor):
    _convert(schema_editor, forward=True)


def decrypt(apps, schema_editor):
    _convert(schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [("inspection", "0001_initial"), ("core", "0005_protect_personal_data")]

    operations = [
        migrations.AlterField(
            model_name="report",
            name="reporter_contact",
            field=renshe.core.protection.EncryptedCharField(blank=True, max_length=60, verbose_name="联系方式"),
        ),
        migrations.RunPython(encrypt, decrypt, elidable=False),
    ]
