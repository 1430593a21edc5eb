"""Delete uploaded import files and their error reports after the retention period (dry by default);
`apply_retention` runs the same rule."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from mutualis.imports.retention import RETENTION_DAYS, purge


class Command(BaseCommand):
    help = "Supprime les fichiers d'import et leurs rapports d'erreurs de plus de 90 jours (à blanc sans --wet-run)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--wet-run", action="store_true", help="Supprimer réellement (sinon : simulation)."
        )
        parser.add_argument("--days", type=int, default=RETENTION_DAYS)

    def handle(self, *args, wet_run=False, days=RETENTION_DAYS, **options):
        count = purge(timezone.localdate(), wet=wet_run, days=days)
        verb = "purgés" if wet_run else "à purger (simulation, ajoutez --wet-run)"
        self.stdout.write(f"{count} imports {verb}.")
