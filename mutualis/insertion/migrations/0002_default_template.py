"""Install the shared diagnostic model, published (mutualis/insertion/default_template.py)."""

from django.db import migrations
from django.utils import timezone


def install(apps, schema_editor):
    from mutualis.insertion import default_template

    Template = apps.get_model("insertion", "DiagnosticTemplate")
    if not Template.objects.filter(code=default_template.CODE).exists():
        Template.objects.create(
            code=default_template.CODE,
            version=1,
            title=default_template.TITLE,
            status="published",
            schema=default_template.SCHEMA,
            published_at=timezone.now(),
        )


class Migration(migrations.Migration):
    dependencies = [("insertion", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
