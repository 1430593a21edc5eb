"""E-mail members about their overdue invoices (one message per member, in French)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mutualis.billing import services
from mutualis.employer_groups.models import EmployerGroup


class Command(BaseCommand):
    help = "Relance par courriel les adhérents dont des factures sont échues et impayées."

    def add_arguments(self, parser):
        parser.add_argument("--group", help="Identifiant court (slug) du groupement ; par défaut tous.")
        parser.add_argument("--date", help="Date de référence AAAA-MM-JJ (par défaut : aujourd'hui).")
        parser.add_argument("--dry-run", action="store_true", help="Affiche les relances sans rien envoyer.")

    def handle(self, *args, group=None, date=None, dry_run=False, **options):
        try:
            on = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"Date invalide « {date} » : attendu AAAA-MM-JJ.") from error
        groups = EmployerGroup.objects.filter(is_active=True).order_by("name")
        if group:
            groups = groups.filter(slug=group)
            if not groups.exists():
                raise CommandError(f"Groupement inconnu : « {group} ».")
        sent = 0
        prefix = "[essai] " if dry_run else ""
        for employer_group in groups:
            plans = services.send_payment_reminders(
                group=employer_group, on=on, dry_run=dry_run, actor_label="send_payment_reminders"
            )
            for plan in plans:
                numbers = ", ".join(row["invoice"].number for row in plan.rows)
                if plan.can_send:
                    sent += 1
                    self.stdout.write(
                        f"{prefix}{employer_group.slug} → {plan.member.name} ({', '.join(plan.emails)}) : "
                        f"{numbers}, reste dû {plan.total} €"
                    )
                else:
                    self.stdout.write(
                        f"{prefix}{employer_group.slug} → {plan.member.name} : aucun courriel connu, "
                        f"relance impossible ({numbers})"
                    )
        verb = "à envoyer" if dry_run else "envoyée(s)"
        self.stdout.write(f"{sent} relance(s) {verb} au {on:%d/%m/%Y}.")
