"""Writes of a GE's own settings, and the creation of a GE by the platform administrator (issue 11)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mutualis.core import journal

from .models import EmployerGroup

SETTINGS_FIELDS = (
    "name",
    "legal_form",
    "siren",
    "siret",
    "address",
    "postcode",
    "city",
    "idcc",
    "vat_regime",
    "default_billing_coefficient",
    "invoice_prefix",
)


@transaction.atomic
def update_settings(*, group, data, user=None):
    """Save the GE's legal identity and billing defaults (all or nothing)."""
    group = EmployerGroup.objects.select_for_update().get(pk=group.pk)
    before = {name: str(getattr(group, name)) for name in SETTINGS_FIELDS}
    for name in SETTINGS_FIELDS:
        if name in data:
            setattr(group, name, data[name])
    group.full_clean()
    group.save()
    changed = {n: str(getattr(group, n)) for n in SETTINGS_FIELDS if str(getattr(group, n)) != before[n]}
    journal.record(
        action="employer_groups.settings_changed", actor=user, group=group, target=group, **changed
    )
    return group


@transaction.atomic
def create_group(
    *, data, director_email, director_first_name="", director_last_name="", user=None, base_url=""
):
    """The platform administrator creates a GE and invites its first director by e-mail."""
    from mutualis.accounts import services as account_services

    if not (user and user.is_superuser):
        raise ValidationError(_("Seul l'administrateur de la plateforme crée un groupement."))
    group = EmployerGroup(
        **{name: value for name, value in data.items() if name in (*SETTINGS_FIELDS, "slug")}
    )
    group.full_clean()
    group.save()
    journal.record(action="employer_groups.created", actor=user, group=group, target=group)
    membership = account_services.invite_first_director(
        group=group,
        email=director_email,
        first_name=director_first_name,
        last_name=director_last_name,
        actor=user,
        base_url=base_url,
    )
    return group, membership
