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
        # Same day five years back (28 February stands for a 29th).
        limit = today.replace(
            year=today.year - RETENTION_YEARS, day=min(today.day, 28 if today.month == 2 else 31)
        )
        employees = (
            Employee.objects.filter(archived_at__isnull=False)
            .exclude(last_name="ANONYME")
            .annotate(last_end=Max("contracts__end_date"))
            .filter(last_end__lt=limit)
            # An open-ended contract (a CDI without end date) keeps the employee.
            .exclude(contracts__end_date__isnull=True, contracts__isnull=False)
        )
        ids = list(employees.values_list("pk", flat=True).distinct())
        count = len(ids)
        if not wet_run:
            self.stdout.write(
                f"{count} salarié(s) seraient anonymisé(s). Relancez avec --wet-run pour appliquer."
            )
            return
        with transaction.atomic():
            # Lock the rows themselves: PostgreSQL refuses FOR UPDATE on the aggregated query.
            for employee in Employee.objects.filter(pk__in=ids).select_for_update():
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
