"""PostgreSQL: a trigram index on the case number, so the search box's "any part of the number" (a serial
matched as LIKE '%〕1386号', a year as '%〔2026〕%') uses an index instead of reading every case
(core/search.py). SQLite (the embedded default) has no equivalent and is left as it is."""

from django.db import migrations

from renshe.core.migration_operations import trigram_index


class Migration(migrations.Migration):
    dependencies = [("disputes", "0009_arbitration_tribunal_rooms"), ("core", "0003_trigram_name_search")]
    operations = [trigram_index("disputes_disputecase", "number")]
