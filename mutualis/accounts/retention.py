"""Retention of user accounts (rules declared in models.PERSONAL_DATA; see core/retention.py)."""

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from mutualis.core.retention import rule, years_before

from .models import User


@rule(
    "accounts.deactivated_users",
    label=_("Comptes désactivés depuis plus d'un an : nom, courriel et identifiant effacés"),
    covers=[
        "accounts.User.first_name",
        "accounts.User.last_name",
        "accounts.User.email",
        "accounts.User.username",
    ],
)
def deactivated_users(*, wet, today):
    limit = years_before(today, 1)
    users = (
        User.objects.filter(is_active=False)
        .annotate(seen=Coalesce("last_login", "date_joined"))
        .filter(seen__date__lt=limit)
        .exclude(Q(username__startswith="anonyme-") & Q(email="") & Q(first_name="") & Q(last_name=""))
    )
    ids = list(users.values_list("pk", flat=True))
    if wet:
        for pk in ids:
            User.objects.filter(pk=pk).update(username=f"anonyme-{pk}", first_name="", last_name="", email="")
    return len(ids)
