"""PostgreSQL: no two hearings of one room overlap, as a constraint behind services.schedule_hearing's check
(which locks the room's row and names the hearing in the way). btree_gist lets the room's id share a GiST
index with the time range; the range is taken in UTC (`AT TIME ZONE 'UTC'` and `make_interval` are
immutable, as an index needs: `timestamptz + interval` is not). Half-open, so a hearing may start when the
last one ends. SQLite, the embedded default, keeps the check alone."""

from django.db import migrations

from renshe.core.migration_operations import postgresql_only

RANGE = (
    "tsrange(scheduled_at AT TIME ZONE 'UTC', "
    "(scheduled_at AT TIME ZONE 'UTC') + make_interval(mins => minutes::int), '[)')"
)


class Migration(migrations.Migration):
    dependencies = [("disputes", "0011_respondent_newest_index")]
    operations = [
        postgresql_only(
            [
                "CREATE EXTENSION IF NOT EXISTS btree_gist",
                "ALTER TABLE disputes_hearing ADD CONSTRAINT hearing_room_no_overlap "
                f"EXCLUDE USING gist (room_id WITH =, {RANGE} WITH &&) WHERE (room_id IS NOT NULL)",
            ],
            ["ALTER TABLE disputes_hearing DROP CONSTRAINT IF EXISTS hearing_room_no_overlap"],
        )
    ]
