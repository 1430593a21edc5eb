"""`manage.py check_journal`: recompute the journal's hash chain; exit 1 and list the breaks if any."""

from django.core.management.base import BaseCommand, CommandError

from mutualis.core import journal
from mutualis.core.models import AuditEvent


class Command(BaseCommand):
    help = "Vérifie la chaîne d'empreintes du journal (un événement modifié, supprimé ou inséré se voit)."

    def handle(self, *args, **options):
        breaks = journal.verify_chain()
        for line in breaks:
            self.stderr.write(line)
        if breaks:
            raise CommandError(f"Chaîne du journal rompue : {len(breaks)} anomalie(s).")
        head = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or "-"
        # Keep the last hash elsewhere (a log, a backup): removing the latest events shows against it.
        self.stdout.write(
            f"Chaîne du journal intacte ({AuditEvent.objects.count()} événements) ; dernière empreinte : {head}."
        )
