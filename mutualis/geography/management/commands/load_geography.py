from django.core.management.base import BaseCommand

from mutualis.geography.loading import load_reference_data


class Command(BaseCommand):
    help = "Charge les données géographiques livrées (idempotent ; --force recharge tout)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Recharger même les fichiers inchangés.")

    def handle(self, *args, force=False, **options):
        done = load_reference_data(force=force, log=lambda line: self.stdout.write(line))
        if not done:
            self.stdout.write("Données géographiques déjà à jour.")
