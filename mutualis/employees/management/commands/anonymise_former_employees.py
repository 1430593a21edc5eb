from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from mutualis.core.journal import record
from mutualis.employees.models import Employee

RETENTION_YEARS = 5


class Command(BaseCommand):
    help = (
        "Anonymise les salariés dont le dernier contrat a pris fin il y a plus de 5 ans. "
        "Sans --wet-run, affiche seulement ce qui serait fait."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="Applique réellement l'anonymisation.")

    def handle(self, *args, wet_run=False, **options):
        today = timezone.localdate()
        limit = today.replace(year=today.year - RETENTION_YEARS)
        employees = (
            Employee.objects.filter(archived_at__isnull=False)
            .exclude(last_name="ANONYME")
            .annotate(last_end=Max("contracts__end_date"))
            .filter(last_end__lt=limit)
            # An open-ended contract (a CDI without end date) keeps the employee.
            .exclude(contracts__end_date__isnull=True, contracts__isnull=False)
        )
        count = employees.count()
        if not wet_run:
            self.stdout.write(
                f"{count} salarié(s) seraient anonymisé(s). Relancez avec --wet-run pour appliquer."
            )
            return
        with transaction.atomic():
            for employee in employees.select_for_update():
                for field in Employee.PERSONAL_DATA:
                    setattr(employee, field, None if field == "birth_date" else "")
                employee.first_name, employee.last_name = "—", "ANONYME"
                employee.save()
                record(
                    action="employee.anonymised",
                    actor_label="anonymise_former_employees",
                    group=employee.group,
                    target=employee,
                )
        self.stdout.write(f"{count} salarié(s) anonymisé(s).")
