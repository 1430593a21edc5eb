"""Retention of funding files: consortium contacts 5 years after the decision on the application,
evidence files 10 years after it (accounting records)."""

from django.utils.translation import gettext_lazy as _

from mutualis.core.retention import erase, rule, years_before

from .models import ConsortiumMember, Evidence


@rule(
    "funding.consortium_contacts",
    label=_("Demandes de financement closes depuis plus de 5 ans : contacts du consortium effacés"),
    covers=[
        "funding.ConsortiumMember.contact_name",
        "funding.ConsortiumMember.contact_email",
        "funding.ConsortiumMember.contact_phone",
    ],
)
def consortium_contacts(*, wet, today):
    old = ConsortiumMember.objects.filter(application__decided_on__lt=years_before(today, 5))
    return erase(old, ["contact_name", "contact_email", "contact_phone"], wet=wet)


@rule(
    "funding.evidence_files",
    label=_("Subventions closes depuis plus de 10 ans : pièces justificatives supprimées"),
    covers=["funding.Evidence.file"],
)
def evidence_files(*, wet, today):
    old = Evidence.objects.filter(application__decided_on__lt=years_before(today, 10))
    return erase(old, ["file"], wet=wet)
