from pathlib import Path

from django.core.management.base import BaseCommand

from mutualis.core import backup


class Command(BaseCommand):
    help = "Sauvegarde la base de données et les fichiers déposés dans une archive .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="Chemin de l'archive (défaut : var/backups/…).")

    def handle(self, *args, output=None, **options):
        path = backup.create(output)
        self.stdout.write(str(path))
