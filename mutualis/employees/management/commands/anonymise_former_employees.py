"""Anonymise former employees (5 years after their last contract); `apply_retention` runs it too."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from mutualis.core.retention import autodiscover
from mutualis.employees import retention


class Command(BaseCommand):
    help = (
        "Anonymise les salariés dont le dernier contrat a pris fin il y a plus de 5 ans. "
        "Sans --wet-run, affiche seulement ce qui serait fait."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="Applique réellement l'anonymisation.")

    def handle(self, *args, wet_run=False, **options):
        autodiscover()  # the erasures of the domains above (absences…)
        ids = retention.former_employees(timezone.localdate())
        count = len(ids)
        if not wet_run:
            self.stdout.write(
                f"{count} salarié(s) seraient anonymisé(s). Relancez avec --wet-run pour appliquer."
            )
            return
        retention.anonymise(ids, actor_label="anonymise_former_employees")
        self.stdout.write(f"{count} salarié(s) anonymisé(s).")
