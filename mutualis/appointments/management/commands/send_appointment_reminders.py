"""Send the reminders of appointments starting within 48 hours. Run it every hour (cron)."""

from django.core.management.base import BaseCommand

from mutualis.appointments import services


class Command(BaseCommand):
    help = "Envoie les rappels des rendez-vous qui commencent dans les 48 heures (à lancer chaque heure)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Affiche les rappels sans rien envoyer.")

    def handle(self, *args, dry_run=False, **options):
        sent = services.send_due_reminders(dry_run=dry_run)
        verb = "à envoyer" if dry_run else "envoyé(s)"
        self.stdout.write(f"{len(sent)} rappel(s) de rendez-vous {verb}.")
