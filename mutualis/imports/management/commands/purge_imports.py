"""Delete uploaded import files and their error reports after the retention period (dry by default)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from mutualis.imports.models import ImportBatch, ImportStatus

RETENTION_DAYS = 90


class Command(BaseCommand):
    help = "Supprime les fichiers d'import et leurs rapports d'erreurs de plus de 90 jours (à blanc sans --wet-run)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--wet-run", action="store_true", help="Supprimer réellement (sinon : simulation)."
        )
        parser.add_argument("--days", type=int, default=RETENTION_DAYS)

    def handle(self, *args, wet_run=False, days=RETENTION_DAYS, **options):
        cutoff = timezone.now() - datetime.timedelta(days=days)
        batches = (
            ImportBatch.objects.filter(created_at__lt=cutoff)
            .exclude(status__in=[ImportStatus.VALIDATING, ImportStatus.IMPORTING])
            .exclude(file="", errors=[])
        )
        count = 0
        for batch in batches.iterator():
            count += 1
            if wet_run:
                if batch.file:
                    batch.file.delete(save=False)
                ImportBatch.objects.filter(pk=batch.pk).update(file="", errors=[])
        verb = "purgés" if wet_run else "à purger (simulation, ajoutez --wet-run)"
        self.stdout.write(f"{count} imports {verb}.")
