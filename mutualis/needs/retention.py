"""Retention of census answers: the respondent's IP address goes after 3 months, her contact details
2 years after the campaign closed."""

from django.utils.translation import gettext_lazy as _

from mutualis.core.retention import erase, months_before, rule, years_before

from .models import CensusDeclaration


@rule(
    "needs.census_ip_addresses",
    label=_("Recensement : adresses IP de plus de 3 mois effacées"),
    covers=["needs.CensusDeclaration.ip_address"],
)
def census_ip_addresses(*, wet, today):
    old = CensusDeclaration.objects.filter(created_at__date__lt=months_before(today, 3))
    return erase(old, ["ip_address"], wet=wet)


@rule(
    "needs.census_contacts",
    label=_("Recensement : contacts effacés 2 ans après la clôture de la campagne"),
    covers=[
        "needs.CensusDeclaration.contact_name",
        "needs.CensusDeclaration.contact_email",
        "needs.CensusDeclaration.contact_phone",
    ],
)
def census_contacts(*, wet, today):
    old = CensusDeclaration.objects.filter(campaign__closes_on__lt=years_before(today, 2))
    return erase(old, ["contact_name", "contact_email", "contact_phone"], wet=wet)
