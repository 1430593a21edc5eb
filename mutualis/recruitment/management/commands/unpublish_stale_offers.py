"""`python manage.py unpublish_stale_offers [--wet-run]`: suspend the published offers the GE has not
updated for 90 days (also a django-tasks task, `mutualis.recruitment.tasks`)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from mutualis.recruitment import services


class Command(BaseCommand):
    help = _(
        "Suspend les offres publiées que le groupement n'a pas mises à jour depuis 90 jours. "
        "Sans --wet-run, affiche seulement les offres concernées."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help=_("Suspend vraiment les offres."))

    def handle(self, *args, wet_run, **options):
        offers = services.unpublish_stale_offers(dry_run=not wet_run)
        prefix = "" if wet_run else _("[simulation] ")
        for offer in offers:
            self.stdout.write(
                prefix
                + _("%(group)s : « %(title)s » suspendue.")
                % {"group": offer.group.name, "title": offer.title}
            )
        self.stdout.write(prefix + _("%(count)d offre(s) suspendue(s).") % {"count": len(offers)})
