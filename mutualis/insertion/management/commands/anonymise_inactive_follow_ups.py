"""`python manage.py anonymise_inactive_follow_ups [--wet-run]`: the insertion retention rules.

Dry by default: prints what would happen. Run daily (cron, systemd timer) with --wet-run, or through
the background job « insertion.daily », which also sends the follow-up reminders."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from mutualis.insertion import retention


class Command(BaseCommand):
    help = _(
        "Anonymise les parcours inactifs depuis 24 mois (avis 30 jours avant) et supprime les consultations "
        "de plus de 12 mois. Simulation sans --wet-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help=_("Écrit vraiment (sinon : simulation)."))

    def handle(self, *args, wet_run, **options):
        report = retention.run(wet=wet_run)
        prefix = "" if wet_run else _("[simulation] ")
        self.stdout.write(
            prefix
            + _(
                "%(notices)d avis d'anonymisation, %(anonymised)d parcours anonymisé(s), "
                "%(access_logs_deleted)d consultation(s) supprimée(s)."
            )
            % report
        )
