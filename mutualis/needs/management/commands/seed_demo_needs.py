"""`python manage.py seed_demo_needs [--group SLUG] [--seed N] [--wet-run]`: demo needs to consolidate."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from mutualis.employer_groups.models import EmployerGroup
from mutualis.needs.demo import seed_history, seed_needs


class Command(BaseCommand):
    help = _(
        "Crée des besoins de démonstration pour les adhérents d'un GE (1 ou 2 chacun, déterministes). "
        "Sans --wet-run, n'écrit rien et affiche ce qui serait créé."
    )

    def add_arguments(self, parser):
        parser.add_argument("--group", help=_("Identifiant court du GE (par défaut : le premier GE actif)."))
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--limit", type=int, default=None, help=_("Au plus ce nombre d'adhérents."))
        parser.add_argument("--wet-run", action="store_true", help=_("Écrit vraiment les besoins."))

    def handle(self, *args, group, seed, limit, wet_run, **options):
        qs = EmployerGroup.objects.filter(is_active=True).order_by("pk")
        target = qs.filter(slug=group).first() if group else qs.first()
        if target is None:
            raise CommandError(_("Aucun GE actif « %(slug)s ».") % {"slug": group or ""})
        with transaction.atomic():
            created = seed_needs(target, seed=seed, limit=limit)
            if not wet_run:
                transaction.set_rollback(True)
        if wet_run:
            # A census campaign with answers and two consolidation runs, once (run here, as a worker would).
            seed_history(target, log=self.stdout.write)
        message = (
            _("%(group)s : %(n)s besoins créés.")
            if wet_run
            else _("[simulation] %(group)s : %(n)s besoins seraient créés.")
        )
        self.stdout.write(message % {"group": target.name, "n": created})
