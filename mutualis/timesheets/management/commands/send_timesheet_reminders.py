"""Remind member contacts of the timesheets they have not validated, and employees of disputed ones."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mutualis.employer_groups.models import EmployerGroup
from mutualis.timesheets import services


class Command(BaseCommand):
    help = "Envoie les relances des relevés d'heures non validés (par défaut : le mois précédent)."

    def add_arguments(self, parser):
        parser.add_argument("--month", help="Mois au format AAAA-MM (par défaut : le mois précédent).")
        parser.add_argument("--group", help="Identifiant court (slug) du groupement ; par défaut tous.")
        parser.add_argument("--base-url", default="", help="Adresse du site, pour des liens complets.")
        parser.add_argument("--dry-run", action="store_true", help="Affiche les relances sans rien envoyer.")

    def handle(self, *args, month=None, group=None, base_url="", dry_run=False, **options):
        if month:
            try:
                first = services.parse_month(month)
            except ValueError as error:
                raise CommandError(f"Mois invalide « {month} » : attendu AAAA-MM.") from error
        else:
            first = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        groups = EmployerGroup.objects.filter(is_active=True).order_by("name")
        if group:
            groups = groups.filter(slug=group)
            if not groups.exists():
                raise CommandError(f"Groupement inconnu : « {group} ».")
        total = 0
        for employer_group in groups:
            reminders = services.send_reminders(
                group=employer_group,
                month=first,
                dry_run=dry_run,
                actor_label="send_timesheet_reminders",
                base_url=base_url,
            )
            for reminder in reminders:
                prefix = "[essai] " if dry_run else ""
                self.stdout.write(f"{prefix}{employer_group.slug} → {reminder.to} : {reminder.subject}")
            total += len(reminders)
        verb = "à envoyer" if dry_run else "envoyée(s)"
        self.stdout.write(f"{total} relance(s) {verb} pour {services.month_label(first)}.")
