import datetime
import os

import pytest
from django.core.management import call_command
from django.utils import timezone

from mutualis.imports import services
from mutualis.imports.models import ImportBatch

from .helpers import csv_upload


@pytest.mark.django_db
def test_purge_is_dry_by_default_then_deletes_old_files(personas, capsys):
    batch = services.create_batch(
        group=personas.group_a,
        owner=personas.planner_a,
        kind="employees",
        uploaded_file=csv_upload([["nom", "prenom", "date_naissance"], ["A", "", "99/99/1999"]]),
    )
    recent = services.create_batch(
        group=personas.group_a,
        owner=personas.planner_a,
        kind="employees",
        uploaded_file=csv_upload([["nom", "prenom"], ["B", ""]]),
    )
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - datetime.timedelta(days=95))
    path = batch.file.path
    call_command("purge_imports")
    assert "1 imports à purger" in capsys.readouterr().out
    batch.refresh_from_db()
    assert batch.errors and batch.file
    call_command("purge_imports", wet_run=True)
    batch.refresh_from_db()
    recent.refresh_from_db()
    assert batch.errors == [] and not batch.file
    assert not os.path.exists(path)
    assert recent.errors and recent.file
