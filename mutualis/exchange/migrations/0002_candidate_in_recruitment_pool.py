"""The job exchange's anonymous candidates move into the recruitment pool (one Candidate model)."""

from decimal import Decimal

import django.db.models.deletion
from django.db import migrations, models


def move_candidates(apps, schema_editor):
    OldCandidate = apps.get_model("exchange", "Candidate")
    Response = apps.get_model("exchange", "Response")
    PoolCandidate = apps.get_model("recruitment", "Candidate")
    moved = {}
    for old in OldCandidate.objects.select_related("commune", "source_group"):
        commune = old.commune
        has_point = commune.latitude is not None and commune.longitude is not None
        moved[old.pk] = PoolCandidate.objects.create(
            group_id=old.group_id,
            first_name="Candidat anonyme",
            last_name="bourse d'emplois",
            city=commune.name,
            latitude=Decimal(f"{commune.latitude:.6f}") if has_point else None,
            longitude=Decimal(f"{commune.longitude:.6f}") if has_point else None,
            weekly_minutes_min=old.weekly_minutes,
            weekly_minutes_max=old.weekly_minutes,
            availability=[{"start": start, "end": end} for start, end in old.windows],
            source="exchange",
            notes=f"{old.job_title}, salarié de {old.source_group.name}. {old.note}".strip(),
        ).pk
    for response in Response.objects.filter(result_candidate__isnull=False):
        response.new_candidate_id = moved.get(response.result_candidate_id)
        response.save(update_fields=["new_candidate"])


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0001_initial"),
        ("recruitment", "0002_candidate_in_recruitment_pool"),
    ]

    operations = [
        migrations.AddField(
            model_name="response",
            name="new_candidate",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="recruitment.candidate",
            ),
        ),
        migrations.RunPython(move_candidates, migrations.RunPython.noop),
        migrations.RemoveField(model_name="response", name="result_candidate"),
        migrations.RenameField(model_name="response", old_name="new_candidate", new_name="result_candidate"),
        migrations.DeleteModel(name="Candidate"),
    ]
