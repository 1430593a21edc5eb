"""Print a user's API token (created when missing; `--rotate` replaces it)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from mutualis.core import journal


class Command(BaseCommand):
    help = "Affiche le jeton d'API d'un utilisateur (le crée au besoin ; --rotate le remplace)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="Identifiant de connexion de l'utilisateur.")
        parser.add_argument(
            "--rotate",
            action="store_true",
            help="Remplace le jeton existant (l'ancien cesse de fonctionner).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="N'écrit rien : dit seulement si un jeton existe ou serait créé (ou remplacé).",
        )

    @transaction.atomic
    def handle(self, *args, username, rotate=False, dry_run=False, **options):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist as exc:
            raise CommandError(_("Utilisateur inconnu : « %(username)s ».") % {"username": username}) from exc
        if not user.is_active:
            raise CommandError(_("Le compte « %(username)s » est désactivé.") % {"username": username})
        if dry_run:
            exists = Token.objects.filter(user=user).exists()
            if exists and not rotate:
                message = _("Un jeton existe pour « %(username)s » (rien n'est modifié).")
            elif exists:
                message = _("Le jeton de « %(username)s » serait remplacé (rien n'est modifié).")
            else:
                message = _("Un jeton serait créé pour « %(username)s » (rien n'est modifié).")
            self.stdout.write(message % {"username": username})
            return
        if rotate:
            Token.objects.filter(user=user).delete()
        token, created = Token.objects.get_or_create(user=user)
        if created:
            journal.record(
                action="api_token.rotated" if rotate else "api_token.created",
                actor_label="manage.py api_token",
                target=user,
            )
        self.stdout.write(token.key)
