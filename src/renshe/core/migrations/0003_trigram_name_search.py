"""PostgreSQL: trigram indexes so the name search (LIKE '%…%') on enterprises and people uses an index
instead of scanning every row. SQLite (the embedded default) has no equivalent and is left as it is."""

from django.db import migrations

from renshe.core.migration_operations import postgresql_only

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS core_enterprise_name_trgm ON core_enterprise USING gin (name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS core_person_name_trgm ON core_person USING gin (name gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS core_enterprise_name_trgm", "DROP INDEX IF EXISTS core_person_name_trgm"]


class Migration(migrations.Migration):
    dependencies = [("core", "0002_reference_data")]
    operations = [postgresql_only(FORWARD, BACKWARD)]
