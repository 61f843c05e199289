from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0006_timeline_chains_per_subject")]

    operations = [migrations.DeleteModel(name="EventChainHead")]
