from django.db import migrations


def load(apps, schema_editor):
    from mutualis.referential import loader

    loader.load(
        models={
            "JobFamily": apps.get_model("referential", "JobFamily"),
            "JobSheet": apps.get_model("referential", "Job"),
            "Appellation": apps.get_model("referential", "Appellation"),
            "Skill": apps.get_model("employees", "Skill"),
        }
    )


class Migration(migrations.Migration):
    dependencies = [
        ("referential", "0001_initial"),
        ("employees", "0002_skill_group_alter_skill_code"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
