"""Expire the job-exchange posts published more than 90 days ago. Run it daily (cron)."""

from django.core.management.base import BaseCommand

from mutualis.exchange import services


class Command(BaseCommand):
    help = "Fait expirer les annonces de la bourse d'emplois de plus de 90 jours (à lancer chaque jour)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Compte les annonces sans rien changer.")

    def handle(self, *args, dry_run=False, **options):
        count = services.expire_posts(dry_run=dry_run)
        verb = "à faire expirer" if dry_run else "expirée(s)"
        self.stdout.write(f"{count} annonce(s) {verb}.")
