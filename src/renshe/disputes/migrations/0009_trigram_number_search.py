"""PostgreSQL: a trigram index on the case number, so the search box's "any part of the number" (a serial
matched as LIKE '%〕1386号', a year as '%〔2026〕%') uses an index instead of reading every case
(core/search.py). SQLite (the embedded default) has no equivalent and is left as it is."""

from django.db import migrations

from renshe.core.migration_operations import postgresql_only

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS disputes_disputecase_number_trgm ON disputes_disputecase USING gin (number gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS disputes_disputecase_number_trgm"]



class Migration(migrations.Migration):
    dependencies = [("disputes", "0008_evidence_sealed"), ("core", "0003_trigram_name_search")]
    operations = [postgresql_only(FORWARD, BACKWARD)]
