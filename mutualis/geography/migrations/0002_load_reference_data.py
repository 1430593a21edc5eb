from django.db import migrations


def load(apps, schema_editor):
    from mutualis.geography.loading import load_reference_data

    load_reference_data(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("geography", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
