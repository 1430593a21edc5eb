import pytest

from mutualis.accounts.tenancy import resolve_membership, scoped
from mutualis.needs.models import CensusCampaign, ConsolidationRun, Need, Position
from tests.needs.factories import CensusCampaignFactory, NeedFactory


@pytest.fixture
def needs(personas):
    return {
        "a1": NeedFactory(member=personas.member_a1, site=personas.site_a1),
        "a2": NeedFactory(member=personas.member_a2, site=personas.site_a2),
        "b1": NeedFactory(member=personas.member_b1, site=personas.site_b1),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["director_a", "planner_a", "accountant_a"])
def test_staff_see_their_groups_needs(personas, needs, user):
    assert set(scoped(Need, resolve_membership(personas[user]))) == {needs["a1"], needs["a2"]}


@pytest.mark.django_db
def test_member_contact_sees_own_members_needs_only(personas, needs):
    assert list(scoped(Need, resolve_membership(personas.contact_a1))) == [needs["a1"]]
    assert list(scoped(Need, resolve_membership(personas.contact_a2))) == [needs["a2"]]


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["employee_user_a", "partner_a", "observer_a"])
def test_other_roles_see_no_needs(personas, needs, user):
    assert not scoped(Need, resolve_membership(personas[user])).exists()


@pytest.mark.django_db
def test_positions_are_seen_by_staff_and_their_members_contacts(personas, needs):
    position = Position.objects.create(group=personas.group_a, title="Agent", weekly_minutes=1440)
    position.members.add(personas.member_a1)
    assert list(scoped(Position, resolve_membership(personas.contact_a1))) == [position]
    assert list(scoped(Position, resolve_membership(personas.planner_a))) == [position]
    assert not scoped(Position, resolve_membership(personas.contact_a2)).exists()
    assert not scoped(Position, resolve_membership(personas.director_b)).exists()


@pytest.mark.django_db
def test_campaigns_and_runs_are_staff_only(personas):
    CensusCampaignFactory(group=personas.group_a)
    ConsolidationRun.objects.create(group=personas.group_a)
    for model in (CensusCampaign, ConsolidationRun):
        assert scoped(model, resolve_membership(personas.accountant_a)).count() == 1
        assert not scoped(model, resolve_membership(personas.contact_a1)).exists()
        assert not scoped(model, resolve_membership(personas.director_b)).exists()
