import datetime as dt
from decimal import Decimal

import pytest

from mutualis.employees.models import Skill
from mutualis.territories.models import SharingAgreement, Territory
from mutualis.training.models import TrainingAction, TrainingBody, TrainingOffer, TrainingSession


@pytest.fixture
def world(personas):
    """GE A owns a certifying session (SST, 24 months) shared with the territory of GE A and GE B."""
    p = personas
    territory = Territory.objects.create(name="Pays test", kind="custom")
    territory.groups.add(p.group_a, p.group_b)
    for group in (p.group_a, p.group_b):
        SharingAgreement.objects.create(group=group, territory=territory, exchange=True)
    skill = Skill.objects.create(code="SST-T", label="Sauveteur secouriste du travail", kind="transversal")
    body = TrainingBody.objects.create(
        group=p.group_a, name="Organisme Test", siret="12345678900011", activity_number="28610000000"
    )
    offer = TrainingOffer.objects.create(
        group=p.group_a,
        body=body,
        number="SST-1",
        title="Sauveteur secouriste du travail",
        certifying=True,
        formacodes=[{"code": "42829", "ref": "V12"}],
        nsf_codes=["344"],
        rome_codes=["K2503"],
        certifications=["RS5897"],
        skill=skill,
        validity_months=24,
    )
    action = TrainingAction.objects.create(
        group=p.group_a,
        offer=offer,
        number="SST-1-A",
        hours=Decimal("14"),
        price=Decimal("420.00"),
        place="Alençon",
    )
    start = dt.date.today() + dt.timedelta(days=7)
    while start.weekday() != 0:
        start += dt.timedelta(days=1)
    session = TrainingSession.objects.create(
        group=p.group_a,
        action=action,
        number="SST-1-S",
        starts_on=start,
        ends_on=start + dt.timedelta(days=1),
        places=3,
    )
    p["territory"], p["skill"], p["offer"], p["session"] = territory, skill, offer, session
    return p


def membership_of(user):
    return user.memberships.first()
