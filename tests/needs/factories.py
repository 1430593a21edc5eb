"""Factories of the needs app (kept here rather than in the shared tests/factories.py)."""

import datetime

import factory

from mutualis.core.identifiers import make_siret
from mutualis.needs.models import (
    CampaignStatus,
    CensusCampaign,
    CensusDeclaration,
    Need,
    NeedKind,
    NeedSlot,
    NeedStatus,
    NeedWindow,
)
from mutualis.needs.timeline import to_minutes
from tests.factories import MemberFactory, SiteFactory

_siret_numbers = iter(range(70_000, 10**8))


class NeedFactory(factory.django.DjangoModelFactory):
    """A fixed need on Monday 08:00–12:00 unless `slots=[(start, end), …]` or the `flexible` trait."""

    class Meta:
        model = Need
        skip_postgeneration_save = True

    member = factory.SubFactory(MemberFactory)
    group = factory.SelfAttribute("member.group")
    site = factory.SubFactory(SiteFactory, member=factory.SelfAttribute("..member"))
    job_title = "Agent d'entretien"
    rome_code = "K2204"
    kind = NeedKind.FIXED
    status = NeedStatus.OPEN

    class Params:
        flexible = factory.Trait(
            kind=NeedKind.FLEXIBLE, weekly_minutes=420, min_block_minutes=120, max_block_minutes=480
        )

    @factory.post_generation
    def slots(self, create, extracted, **kwargs):
        if not create or self.kind != NeedKind.FIXED:
            return
        for start, end in extracted if extracted is not None else [(to_minutes(0, 8), to_minutes(0, 12))]:
            NeedSlot.objects.create(need=self, start=start, end=end)

    @factory.post_generation
    def windows(self, create, extracted, **kwargs):
        if not create or self.kind != NeedKind.FLEXIBLE:
            return
        default = [(to_minutes(day, 8), to_minutes(day, 18)) for day in range(5)]
        for start, end in extracted if extracted is not None else default:
            NeedWindow.objects.create(need=self, start=start, end=end)

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(extracted)


class CensusCampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CensusCampaign

    group = factory.SubFactory("tests.factories.EmployerGroupFactory")
    name = factory.Sequence(lambda n: f"Recensement {n}")
    territory = "Communauté urbaine d'Alençon"
    opens_on = datetime.date(2025, 1, 1)
    closes_on = datetime.date(2099, 12, 31)
    status = CampaignStatus.OPEN


class CensusDeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CensusDeclaration

    campaign = factory.SubFactory(CensusCampaignFactory)
    group = factory.SelfAttribute("campaign.group")
    organisation_name = factory.Sequence(lambda n: f"Organisation {n}")
    siret = factory.LazyFunction(lambda: make_siret(next(_siret_numbers)))
    contact_name = "Camille Martin"
    contact_email = factory.Sequence(lambda n: f"contact{n}@example.org")
    city = "Alençon"
