import django.db.models.deletion
from django.db import migrations, models


def build_figures(apps, schema_editor):
    from renshe.disputes import metrics

    metrics.rebuild(
        apps.get_model("disputes", "DisputeCase").objects.all(), apps.get_model("disputes", "MonthlyFigures")
    )


class Migration(migrations.Migration):
    dependencies = [("disputes", "0003_monthly_figures")]

    operations = [
        migrations.AlterField(
            model_name="disputecase",
            name="mediating_organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.organisation",
                verbose_name="调解组织",
            ),
        ),
        migrations.RunPython(build_figures, migrations.RunPython.noop),
    ]
