from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mutualis.geography import importers
from mutualis.geography.models import PriorityAreaKind


class Command(BaseCommand):
    help = (
        "Importe un fichier officiel : zones d'emploi (INSEE), QPV (ANCT) ou ZRR/FRR. "
        "Sans --wet-run, n'écrit rien et affiche ce qui serait importé."
    )

    def add_arguments(self, parser):
        parser.add_argument("dataset", choices=["employment-areas", "qpv", "zrr"])
        parser.add_argument("path")
        parser.add_argument("--wet-run", action="store_true", help="Écrire réellement dans la base.")

    def handle(self, *args, dataset, path, wet_run=False, **options):
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(f"Fichier illisible : {exc}") from exc
        if dataset == "employment-areas":
            report = importers.import_employment_areas(raw, dry_run=not wet_run)
        else:
            kind = PriorityAreaKind.QPV if dataset == "qpv" else PriorityAreaKind.ZRR
            report = importers.import_priority_areas(raw, kind=kind, dry_run=not wet_run)
        for line, message in report.errors:
            self.stderr.write(f"ligne {line} : {message}")
        verb = "importées" if wet_run else "à importer (essai, rien n'est écrit)"
        self.stdout.write(
            f"{report.created} créées, {report.updated} mises à jour, {verb} ; {len(report.errors)} erreurs."
        )
