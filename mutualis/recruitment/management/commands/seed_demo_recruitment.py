"""`python manage.py seed_demo_recruitment [--group SLUG]`: the recruitment demo (mutualis/recruitment/demo.py)."""

from django.core.management.base import BaseCommand
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from mutualis.recruitment import demo


class Command(BaseCommand):
    help = _(
        "Crée la démonstration du recrutement (postes, offres, candidats, candidatures, une embauche) "
        "dans un GE de démonstration. Sans effet si le GE a déjà des offres."
    )

    def add_arguments(self, parser):
        parser.add_argument("--group", default="ge-partage-orne", help=_("Identifiant du GE (slug)."))

    def handle(self, *args, group, **options):
        # The demo people have invented addresses: their invitations and answers stay in memory.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            demo.seed(group_slug=group, log=self.stdout.write)
