"""Retention of organisations' contact details: emptied 1 year after the organisation was deactivated."""

from django.utils.translation import gettext_lazy as _

from mutualis.core.retention import erase, rule, years_before

from .models import Organisation


@rule(
    "organisations.deactivated",
    label=_("Organisations désactivées depuis plus d'un an : coordonnées effacées"),
    covers=["organisations.Organisation.email", "organisations.Organisation.phone"],
)
def deactivated(*, wet, today):
    old = Organisation.objects.filter(is_active=False, updated_at__date__lt=years_before(today, 1))
    return erase(old, ["email", "phone"], wet=wet)
