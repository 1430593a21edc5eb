"""The periodic e-invoicing pass (run it from cron every few minutes): retry the deposits due, poll
statuses, send « encaissée ». `--enqueue` queues it for the workers instead of running it here."""

from django.core.management.base import BaseCommand

from mutualis.einvoicing import services
from mutualis.einvoicing.tasks import sweep_task


class Command(BaseCommand):
    help = "Facturation électronique : renvoie les dépôts en attente, relève les statuts, transmet les encaissements."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="La confier aux travailleurs (db_worker).")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            sweep_task.enqueue()
            self.stdout.write("Passe de facturation électronique confiée aux travailleurs.")
            return
        counts = services.sweep()
        self.stdout.write(
            f"Dépôts envoyés : {counts['sent']} ; suivis relevés : {counts['synced']} ; erreurs : {counts['errors']}."
        )
