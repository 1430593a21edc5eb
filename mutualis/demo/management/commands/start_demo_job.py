"""`python manage.py start_demo_job USERNAME`: queue a demonstration job that advances in steps."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from mutualis.accounts.models import User
from mutualis.demo.jobs import KIND
from mutualis.jobs.services import start_job


class Command(BaseCommand):
    help = _(
        "Met en file une tâche de démonstration qui avance par étapes, lancée au nom d'un utilisateur "
        "(pour voir la barre de progression ; un worker `db_worker` doit tourner). Affiche l'identifiant "
        "public de la tâche."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help=_("Identifiant de l'utilisateur qui lance la tâche."))
        parser.add_argument("--steps", type=int, default=5, help=_("Nombre d'étapes (5 par défaut)."))
        parser.add_argument(
            "--delay", type=float, default=1.0, help=_("Durée d'une étape en secondes (1 par défaut).")
        )

    def handle(self, *args, username, steps, delay, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("Aucun utilisateur « %(username)s ».") % {"username": username})
        membership = user.active_memberships().first()
        if membership is None:
            raise CommandError(
                _("« %(username)s » n'est rattaché à aucun groupement.") % {"username": username}
            )
        with transaction.atomic():  # the job is queued once the record is committed
            job = start_job(
                kind=KIND,
                group=membership.group,
                owner=user,
                label=_("Tâche de démonstration"),
                params={"steps": steps, "delay": delay},
            )
        self.stdout.write(str(job.public_id))
