"""Evidence files encrypted at rest under generated names (core.files.seal_files), under the data key the
database records (a mismatch stops the migration before any file is touched). Backwards the files stay
encrypted: plain copies are never written back."""

from django.db import migrations

import renshe.core.files


def seal_evidence(apps, schema_editor):
    renshe.core.files.seal_files(apps.get_model("disputes", "Evidence"))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_data_key_record"),
        ("disputes", "0007_evidence_stored_after_commit"),
    ]

    operations = [
        migrations.RunPython(seal_evidence, migrations.RunPython.noop),
    ]
