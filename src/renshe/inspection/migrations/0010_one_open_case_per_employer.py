"""One open case per employer at a brigade (a report joins it: services.register_report), kept by a partial
unique index. Two reports that arrived at the same moment could each open one before; such pairs are named
here, so that they are joined or closed by hand before the index can be built."""

from django.db import migrations, models
from django.db.models import Count

OPEN = ["accepted", "decided", "investigating", "ordered", "received"]  # workflow.OPEN when this was written


def refuse_duplicates(apps, schema_editor):
    InspectionCase = apps.get_model("inspection", "InspectionCase")
    pairs = (
        InspectionCase.objects.filter(status__in=OPEN)
        .values("organisation_id", "respondent_id")
        .annotate(n=Count("id"))
        .order_by()
        .filter(n__gt=1)
    )
    groups = [
        ", ".join(
            InspectionCase.objects.filter(
                status__in=OPEN, organisation_id=pair["organisation_id"], respondent_id=pair["respondent_id"]
            )
            .order_by("id")
            .values_list("number", flat=True)
        )
        for pair in pairs
    ]
    if groups:
        raise RuntimeError(
            "open inspection cases against the same employer, to join or close first: " + "; ".join(groups)
        )


class Migration(migrations.Migration):
    dependencies = [("inspection", "0009_site_check")]

    operations = [
        migrations.RunPython(refuse_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="inspectioncase",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", OPEN)),
                fields=("organisation", "respondent"),
                name="inspection_one_open_case_per_employer",
            ),
        ),
    ]
