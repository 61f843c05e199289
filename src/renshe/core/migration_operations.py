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
