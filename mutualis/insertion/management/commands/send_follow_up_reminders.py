"""`python manage.py send_follow_up_reminders [--dry-run]`: e-mail référents their due follow-up tasks."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from mutualis.insertion import services


class Command(BaseCommand):
    help = _("Envoie aux référents les rappels des points de suivi dus (sans donnée de santé ni sociale).")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=_("Compte sans envoyer."))

    def handle(self, *args, dry_run, **options):
        sent = services.send_due_reminders(dry_run=dry_run)
        self.stdout.write(_("%(n)d rappel(s).") % {"n": sent})
