"""Operations shared by migrations."""

from django.db import migrations


def postgresql_only(forward: list[str], backward: list[str]) -> migrations.RunPython:
    """SQL run on PostgreSQL alone (trigram indexes, extensions): SQLite, the embedded default, has no
    equivalent and is left as it is, both ways."""

    def run(statements):
        def apply(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                for statement in statements:
                    schema_editor.execute(statement)

        return apply

    return migrations.RunPython(run(forward), run(backward))


def trigram_index(table: str, column: str) -> migrations.RunPython:
    """A pg_trgm GIN index on `table`.`column`, so LIKE '%…%' on it uses an index on PostgreSQL."""
    name = f"{table}_{column}_trgm"
    return postgresql_only(
        [
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)",
        ],
        [f"DROP INDEX IF EXISTS {name}"],
    )


def newest_by_respondent_index(table: str, scope_columns: list[str]) -> migrations.RunPython:
    """PostgreSQL: `table`'s cases by respondent, newest first, carrying the columns the user's scope is
    matched on (INCLUDE, which SQLite has not), so the search gathers an employer's cases in scope from
    the index alone and reads its newest in order (core/search.py case_hits)."""
    name = f"{table}_respondent_newest"
    columns = ", ".join(scope_columns)
    return postgresql_only(
        [
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"(respondent_id, received_on DESC, id DESC) INCLUDE ({columns})"
        ],
        [f"DROP INDEX IF EXISTS {name}"],
    )
