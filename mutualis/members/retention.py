"""Retention of members' contact details: emptied 3 years after the member left the GE."""

from django.utils.translation import gettext_lazy as _

from mutualis.core.retention import erase, rule, years_before

from .models import Member


@rule(
    "members.former_members",
    label=_("Adhérents sortis depuis plus de 3 ans : courriel et téléphone effacés"),
    covers=["members.Member.email", "members.Member.phone"],
)
def former_members(*, wet, today):
    gone = Member.objects.filter(left_on__lt=years_before(today, 3))
    return erase(gone, ["email", "phone"], wet=wet)
