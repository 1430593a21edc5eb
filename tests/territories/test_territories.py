import pytest
from django.core.exceptions import ValidationError

from mutualis.accounts.roles import Role
from mutualis.territories import selectors, services
from mutualis.territories.models import SharingAgreement
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def crge():
    organisation = factories.OrganisationFactory(name="CRGE Normandie", kind="territorial_body")
    membership = factories.MembershipFactory(
        group=None, organisation=organisation, role=Role.TERRITORIAL_OFFICER
    )
    return organisation, membership


def test_territory_from_an_epci_holds_its_communes(crge):
    organisation, _membership = crge
    territory = services.create_territory(
        actor=None, name="CU d'Alençon", kind="epci", source_code="246100663", organisation=organisation
    )
    codes = selectors.commune_codes(territory)
    assert {"61001", "61143"} <= codes
    assert all(code.startswith(("61", "72")) for code in codes)


def test_unknown_area_and_unknown_communes_are_named():
    with pytest.raises(ValidationError) as exc:
        services.create_territory(actor=None, name="X", kind="department", source_code="999")
    assert "source_code" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.create_territory(actor=None, name="X", kind="custom", commune_codes=["61001", "00000"])
    assert "00000" in exc.value.message_dict["commune_codes"][0]


def test_officer_sees_only_its_organisation_territories(crge):
    organisation, membership = crge
    mine = services.create_territory(
        actor=None, name="Mien", kind="custom", commune_codes=["61001"], organisation=organisation
    )
    services.create_territory(actor=None, name="Autre", kind="custom", commune_codes=["61001"])
    assert list(selectors.territories_for(membership)) == [mine]


def test_sharing_agreement_decides_what_is_shared(crge):
    organisation, _membership = crge
    territory = services.create_territory(
        actor=None, name="T", kind="custom", commune_codes=["61001"], organisation=organisation
    )
    sharing = factories.EmployerGroupFactory()
    silent = factories.EmployerGroupFactory()
    services.set_sharing(actor=None, group=sharing, territory=territory, observatory=True)
    services.set_sharing(actor=None, group=silent, territory=territory, observatory=False)
    assert list(selectors.sharing_groups(territory, "observatory")) == [sharing]
    assert set(territory.groups.all()) == {sharing, silent}
    services.leave_territory(actor=None, group=sharing, territory=territory)
    assert not SharingAgreement.objects.filter(group=sharing).exists()
    assert list(selectors.sharing_groups(territory, "observatory")) == []


def test_ge_staff_see_their_territories_and_the_officer_the_directory(client, crge):
    organisation, membership = crge
    territory = services.create_territory(
        actor=None, name="Bocage", kind="custom", commune_codes=["61001"], organisation=organisation
    )
    group = factories.EmployerGroupFactory(name="GE du Bocage")
    services.set_sharing(actor=None, group=group, territory=territory, directory=True)
    client.force_login(membership.user)
    page = client.get(f"/territoires/{territory.public_id}/")
    assert page.status_code == 200 and "GE du Bocage" in page.content.decode()
    director = factories.MembershipFactory(group=group, role=Role.DIRECTOR).user
    client.force_login(director)
    assert "Bocage" in client.get("/territoires/").content.decode()


def test_observatory_page_shows_markers_and_a_map(client, crge):
    organisation, membership = crge
    territory = services.create_territory(
        actor=None, name="Bocage", kind="custom", commune_codes=["61001", "61143"], organisation=organisation
    )
    client.force_login(membership.user)
    page = client.get(f"/territoires/{territory.public_id}/observatoire/?trimestre=2026-T3")
    body = page.content.decode()
    assert page.status_code == 200 and "<svg" in body and "secret statistique" in body
    export = client.get(f"/territoires/{territory.public_id}/observatoire/?trimestre=2026-T3&_export=csv")
    assert "Adhérents" in export.content.decode()
