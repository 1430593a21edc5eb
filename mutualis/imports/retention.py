"""Retention of import files and error reports: deleted 90 days after the upload (purge_imports)."""

import datetime

from django.utils.translation import gettext_lazy as _

from mutualis.core.retention import rule

from .models import ImportBatch, ImportStatus

RETENTION_DAYS = 90


def old_batches(today, days=RETENTION_DAYS):
    cutoff = today - datetime.timedelta(days=days)
    return (
        ImportBatch.objects.filter(created_at__date__lt=cutoff)
        .exclude(status__in=[ImportStatus.VALIDATING, ImportStatus.IMPORTING])
        .exclude(file="", errors=[])
    )


def purge(today, *, wet, days=RETENTION_DAYS):
    count = 0
    for batch in old_batches(today, days).iterator():
        count += 1
        if wet:
            if batch.file:
                batch.file.delete(save=False)
            ImportBatch.objects.filter(pk=batch.pk).update(file="", errors=[])
    return count


@rule(
    "imports.old_files",
    label=_("Imports de plus de 90 jours : fichier et rapport d'erreurs supprimés"),
    covers=["imports.ImportBatch.file", "imports.ImportBatch.errors"],
)
def old_files(*, wet, today):
    return purge(today, wet=wet)
