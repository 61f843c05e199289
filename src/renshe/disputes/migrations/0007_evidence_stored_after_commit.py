from django.db import migrations, models

STATES = [("pending", "保存中"), ("stored", "已保存"), ("failed", "未能保存")]


class Migration(migrations.Migration):
    """Evidence files go to storage after commit (core.files). The files already there were written with
    their rows, so those rows are stored; their SHA-256 was never taken and stays empty (not checked)."""

    dependencies = [
        ("disputes", "0006_money_columns_fourteen_digits"),
    ]

    operations = [
        migrations.AddField(
            model_name="evidence",
            name="file_state",
            field=models.CharField(choices=STATES, default="stored", max_length=10, verbose_name="文件状态"),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="file_state",
            field=models.CharField(choices=STATES, default="pending", max_length=10, verbose_name="文件状态"),
        ),
        migrations.AddField(
            model_name="evidence",
            name="sha256",
            field=models.CharField(blank=True, max_length=64),
        ),
    ]
