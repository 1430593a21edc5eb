"""Sign-in by e-mail link for the person accompanied (no password to remember).

The link carries a token bound to the user's last login: it works once (signing in changes
`last_login`) and for `LINK_MINUTES` minutes. The page behind the link asks for one click before
signing in, so that mail scanners that open links do not use it up.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext as _

from mutualis.accounts.roles import Role

LINK_MINUTES = 30


class LoginLinkTokens(PasswordResetTokenGenerator):
    key_salt = "mutualis.insertion.login_link"

    def _make_hash_value(self, user, timestamp):
        login = "" if user.last_login is None else user.last_login.replace(microsecond=0, tzinfo=None)
        return f"{user.pk}{login}{timestamp}{user.is_active}"

    def check_token(self, user, token):
        if not super().check_token(user, token):
            return False
        try:
            timestamp = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        return self._num_seconds(self._now()) - timestamp <= LINK_MINUTES * 60


tokens = LoginLinkTokens()


def person_user(email):
    """The active account of a person accompanied with this e-mail, or None."""
    if not email:
        return None
    return (
        get_user_model()
        .objects.filter(
            email__iexact=email.strip(),
            is_active=True,
            memberships__role=Role.PERSON,
            memberships__is_active=True,
        )
        .first()
    )


def link_path(user):
    return reverse(
        "insertion:login_link",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": tokens.make_token(user)},
    )


def send_link(request, email):
    """E-mail a sign-in link when `email` is a person's; say nothing either way (no account probing)."""
    user = person_user(email)
    if user is None:
        return False
    url = request.build_absolute_uri(link_path(user))
    send_mail(
        _("Mutualis : votre lien de connexion"),
        _(
            "Bonjour,\n\nPour ouvrir votre espace « Mon parcours », suivez ce lien (valable %(minutes)d minutes, "
            "une seule fois) :\n%(url)s\n\nSi vous n'avez rien demandé, ignorez ce message.\n\nMutualis"
        )
        % {"minutes": LINK_MINUTES, "url": url},
        None,
        [user.email],
    )
    return True
