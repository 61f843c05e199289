"""PostgreSQL: the cases by respondent, newest first, with the columns the scope is matched on, so the search
finds an employer's newest cases in the user's scope from the index (core/search.py case_hits: a credit code
whose employer has 18,000 cases). SQLite (the embedded default) is left as it is."""

from django.db import migrations

from renshe.core.migration_operations import newest_by_respondent_index


class Migration(migrations.Migration):
    dependencies = [("disputes", "0010_trigram_number_search")]
    operations = [newest_by_respondent_index("disputes_disputecase", ["organisation_id", "received_by_id"])]
