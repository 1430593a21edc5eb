"""`manage.py apply_retention`: apply every declared retention rule (dry unless `--wet-run`)."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from mutualis.core import retention


class Command(BaseCommand):
    help = (
        "Applique toutes les durées de conservation déclarées (PERSONAL_DATA). "
        "Sans --wet-run, affiche seulement ce qui serait fait."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="Applique réellement les règles.")

    def handle(self, *args, wet_run=False, **options):
        today = timezone.localdate()
        missing = retention.unimplemented()
        if missing:
            self.stderr.write("Règles déclarées sans mise en œuvre : " + ", ".join(missing))
        with transaction.atomic():
            results = retention.apply_all(wet=wet_run, today=today)
        for rule, count in results:
            self.stdout.write(f"{rule.label} : {count}")
        total = sum(count for _rule, count in results)
        if wet_run:
            self.stdout.write(f"{total} élément(s) traité(s).")
        else:
            self.stdout.write(
                f"{total} élément(s) seraient traité(s). Relancez avec --wet-run pour appliquer."
            )
