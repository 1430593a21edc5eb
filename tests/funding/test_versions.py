"""A change of rules is a new version of the call; an application keeps the version it was written for."""

from decimal import Decimal

from django.urls import reverse

from mutualis.funding import services
from mutualis.funding.models import FundingCall

from .factories import amige_application


def test_new_version_does_not_change_existing_applications(personas, amige):
    application = amige_application(actor=personas.director_a, group=personas.group_a, call=amige)
    FundingCall.objects.create(
        **{
            f.name: getattr(amige, f.name)
            for f in FundingCall._meta.fields
            if f.name not in ("id", "public_id", "version", "created_at", "cap_amount")
        },
        version=2,
        cap_amount=Decimal("50000.00"),
    )
    findings, _totals = services.check_application(application)
    assert [f.rule for f in findings if f.level == "error"] == []


def test_admin_freezes_a_version_with_applications(client, personas, amige, spie):
    from tests.factories import UserFactory

    amige_application(actor=personas.director_a, group=personas.group_a, call=amige)
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    frozen = client.get(reverse("admin:funding_fundingcall_change", args=[amige.pk])).content.decode()
    editable = client.get(reverse("admin:funding_fundingcall_change", args=[spie.pk])).content.decode()
    assert 'name="cap_amount"' not in frozen and 'name="is_active"' in frozen
    assert 'name="cap_amount"' in editable
