"""ID numbers and phone numbers encrypted at rest (core/protection.py), with keyed digests to search by.

The digest columns are added nullable, the columns become text holding ciphertext, the rows are encrypted
in place (values already encrypted are left alone, so an interrupted run can be repeated), and only then
is the ID number's digest made unique and required. Backwards, the values are decrypted again: that needs
the key they were encrypted with.
"""

from django.db import migrations

import renshe.core.protection

# (table, column, field context, digest column or None): the contexts are the fields' own
# (`<app>.<model>.<field>`), which the encryption binds and the digests are keyed with.
PROTECTED = [
    ("core_person", "id_number", "core.person.id_number", "id_number_digest"),
    ("core_person", "phone", "core.person.phone", "phone_digest"),
    ("core_user", "phone", "core.user.phone", None),
]
BATCH = 2000


def _rows(cursor, quote, table, column):
    """(id, value) of every non-empty value, in id order, a batch at a time."""
    last = 0
    while True:
        cursor.execute(
            f"SELECT id, {quote(column)} FROM {quote(table)} "  # noqa: S608 - names from PROTECTED
            f"WHERE id > %s AND {quote(column)} <> '' ORDER BY id LIMIT {BATCH}",
            [last],
        )
        rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _convert(schema_editor, forward: bool):
    protection = renshe.core.protection
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The column type changes above rewrote the tables in this transaction, so PostgreSQL queues a
            # foreign key check for every row updated here; deferred, they would still be pending at the
            # ALTER TABLE below, which PostgreSQL refuses. Checked at once, nothing is left pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, column, context, digest_column in PROTECTED:
            if forward:
                sets = f"{quote(column)} = %s" + (f", {quote(digest_column)} = %s" if digest_column else "")
            else:
                sets = f"{quote(column)} = %s"
            update = f"UPDATE {quote(table)} SET {sets} WHERE id = %s"  # noqa: S608 - names from PROTECTED
            for rows in _rows(cursor, quote, table, column):
                changes = []
                for pk, value in rows:
                    if forward and not protection.is_token(value):
                        plain = value.strip().upper()
                        changes.append(
                            [protection.encrypt(plain, context)]
                            + ([protection.digest(plain, context)] if digest_column else [])
                            + [pk]
                        )
                    elif not forward and protection.is_token(value):
                        changes.append([protection.decrypt(value, context), pk])
                if changes:
                    cursor.executemany(update, changes)
        if forward:  # digests of rows encrypted by an earlier, interrupted run that stopped before them
            for rows in _missing_digests(cursor):
                cursor.executemany(
                    "UPDATE core_person SET id_number_digest = %s, phone_digest = %s WHERE id = %s",
                    [
                        [
                            protection.digest(protection.decrypt(number, PROTECTED[0][2]), PROTECTED[0][2]),
                            protection.digest(protection.decrypt(phone, PROTECTED[1][2]), PROTECTED[1][2])
                            if phone
                            else "",
                            pk,
                        ]
                        for pk, number, phone in rows
                    ],
                )
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _missing_digests(cursor):
    while True:
        cursor.execute(
            "SELECT id, id_number, phone FROM core_person WHERE id_number_digest IS NULL "  # noqa: S608
            f"ORDER BY id LIMIT {BATCH}"
        )
        rows = cursor.fetchall()
        if not rows:
            return
        yield rows


def encrypt(apps, schema_editor):
    _convert(schema_editor, forward=True)


def decrypt(apps, schema_editor):
    _convert(schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_enterprise_completed_later")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="id_number_digest",
            field=renshe.core.protection.DigestField(null=True, of="id_number"),
        ),
        migrations.AddField(
            model_name="person",
            name="phone_digest",
            field=renshe.core.protection.DigestField(blank=True, db_index=True, default="", of="phone"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="person",
            name="id_number",
            field=renshe.core.protection.EncryptedCharField(max_length=18, verbose_name="居民身份证号码"),
        ),
        migrations.AlterField(
            model_name="person",
            name="phone",
            field=renshe.core.protection.EncryptedCharField(blank=True, max_length=20, verbose_name="联系电话"),
        ),
        migrations.AlterField(
            model_name="user",
            name="phone",
            field=renshe.core.protection.EncryptedCharField(blank=True, max_length=20, verbose_name="手机号码"),
        ),
        migrations.RunPython(encrypt, decrypt, elidable=False),
        migrations.AlterField(
            model_name="person",
            name="id_number_digest",
            field=renshe.core.protection.DigestField(of="id_number", unique=True),
        ),
    ]
