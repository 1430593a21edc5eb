"""Load the AMIGE and SPIE calls (version 1 of their rules) as presets."""

from django.db import migrations


def load(apps, schema_editor):
    from mutualis.funding import presets

    presets.install(apps.get_model("funding", "FundingCall"))


def unload(apps, schema_editor):
    apps.get_model("funding", "FundingCall").objects.filter(
        code__in=["amige", "spie"], version=1, applications__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
