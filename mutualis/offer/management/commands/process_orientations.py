"""`python manage.py process_orientations [--dry-run]`: remind at 10 days, expire at 30 (run daily)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from mutualis.offer import services


class Command(BaseCommand):
    help = _(
        "Relance les structures sans réponse après 10 jours et fait expirer les orientations après 30 jours."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=_("Compte sans rien changer ni envoyer."))

    def handle(self, *args, dry_run, **options):
        done = services.process_due(dry_run=dry_run)
        self.stdout.write(_("%(reminded)d relance(s), %(expired)d expiration(s).") % done)
