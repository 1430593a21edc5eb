import io

import pytest
from django.core.management import call_command

from mutualis.needs.models import Position
from mutualis.planning.models import Assignment
from mutualis.recruitment.models import Application, Candidate, JobOffer
from tests.factories import MemberFactory, SiteFactory

pytestmark = pytest.mark.django_db


def test_demo_has_every_stage_and_a_hire_and_is_idempotent(personas):
    for i in range(5):
        SiteFactory(member=MemberFactory(group=personas.group_a, name=f"Adhérent démo {i}"))
    call_command("seed_demo_recruitment", group=personas.group_a.slug, stdout=io.StringIO())
    assert set(JobOffer.objects.values_list("status", flat=True)) == {"published", "filled"}
    assert set(Application.objects.values_list("status", flat=True)) >= {
        "new",
        "screening",
        "interview",
        "prior_to_hire",
        "hired",
        "refused",
        "withdrawn",
    }
    hired = Application.objects.get(status="hired")
    assert hired.contract.kind == "cdi"
    assert Assignment.objects.filter(contract=hired.contract).count() == 2
    assert Position.objects.filter(group=personas.group_a, offers__isnull=True).count() == 1
    counts = (JobOffer.objects.count(), Candidate.objects.count(), Application.objects.count())
    call_command("seed_demo_recruitment", group=personas.group_a.slug, stdout=io.StringIO())
    assert (JobOffer.objects.count(), Candidate.objects.count(), Application.objects.count()) == counts
    # The member contact's member is on the published offer: its shortlist shows someone.
    contact = personas.contact_a1.memberships.get()
    assert Application.objects.visible_to(contact).exists()
