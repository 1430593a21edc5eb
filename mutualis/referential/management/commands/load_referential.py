"""Load (or refresh) the shipped ROME referential. Runs at migration time; run it again after an
upgrade, or with --directory to load a fuller export in the same CSV layout."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from mutualis.referential import loader


class Command(BaseCommand):
    help = "Charge le référentiel ROME livré (familles, métiers, appellations, compétences)."

    def add_arguments(self, parser):
        parser.add_argument("--directory", help="Dossier de fichiers CSV au même format que ceux livrés.")
        parser.add_argument("--dry-run", action="store_true", help="Compte sans rien enregistrer.")

    def handle(self, *args, directory=None, dry_run=False, **options):
        with transaction.atomic():
            counts = loader.load(directory=Path(directory) if directory else loader.DATA)
            if dry_run:
                transaction.set_rollback(True)
        prefix = "[essai] " if dry_run else ""
        self.stdout.write(
            f"{prefix}{counts['families']} familles, {counts['jobs']} métiers, "
            f"{counts['appellations']} appellations, {counts['skills']} compétences."
        )
