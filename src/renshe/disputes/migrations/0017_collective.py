"""A collective dispute is ten or more workers with a common claim (劳动争议调解仲裁法 第七条): the registration's
declaration of a common claim, kept on the case. The cases flagged collective before were registered as such,
their claims taken as common to all: they keep the flag."""

from django.db import migrations, models


def common_where_collective(apps, schema_editor):
    DisputeCase = apps.get_model("disputes", "DisputeCase")
    DisputeCase.objects.filter(collective=True).update(common_claim=True)


class Migration(migrations.Migration):
    dependencies = [
        ("disputes", "0016_arbitration_clock"),
    ]

    operations = [
        migrations.AddField(
            model_name="disputecase",
            name="common_claim",
            field=models.BooleanField(default=False, verbose_name="共同请求"),
        ),
        migrations.RunPython(common_where_collective, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="disputecase",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("collective", True), ("common_claim", True), ("worker_count__gte", 10)),
                    models.Q(
                        ("collective", False),
                        models.Q(("common_claim", True), ("worker_count__gte", 10), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="collective_is_ten_workers_with_a_common_claim",
            ),
        ),
    ]
