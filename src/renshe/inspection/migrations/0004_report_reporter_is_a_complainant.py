"""Only a complaint names a person of the register (its worker); apart from 0003 so that the table is not
altered in the transaction that moved the reporters."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("inspection", "0003_reporters_off_the_register")]

    operations = [
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(("reporter__isnull", True), ("kind", "complaint"), _connector="OR"),
                name="inspection_report_reporter_is_a_complainant",
            ),
        ),
    ]
