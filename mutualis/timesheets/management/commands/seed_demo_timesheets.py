"""Demo timesheets for the demo accounts (after seed_demo): see mutualis/timesheets/demo.py."""

from django.core.management.base import BaseCommand
from django.db import transaction

from mutualis.timesheets import demo


class Command(BaseCommand):
    help = "Crée les mises à disposition et relevés d'heures de démonstration du compte « salarie »."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Montre ce qui serait fait, sans rien garder."
        )

    def handle(self, *args, dry_run=False, **options):
        with transaction.atomic():
            demo.ensure_demo_timesheets(log=self.stdout.write)
            if dry_run:
                transaction.set_rollback(True)
                self.stdout.write("Essai : rien n'a été enregistré.")
