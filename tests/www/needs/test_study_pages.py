import pytest
from django.urls import reverse

from mutualis.accounts.tenancy import resolve_membership, scoped
from mutualis.needs import census
from mutualis.needs.models import ConsolidationRun, RunStatus
from mutualis.needs.timeline import to_minutes
from tests.needs.factories import CensusCampaignFactory, CensusDeclarationFactory, NeedFactory


@pytest.fixture
def campaign(personas):
    campaign = CensusCampaignFactory(group=personas.group_a)
    # Mornings of one, afternoons of the other: together 24 h, a viable shared job.
    for (start, end), name in [((8, 12), "Boulangerie Secrète"), ((13, 17), "Mairie Discrète")]:
        declaration = CensusDeclarationFactory(campaign=campaign, organisation_name=name)
        NeedFactory(
            member=None,
            group=personas.group_a,
            declaration=declaration,
            site=None,
            city="Alençon",
            slots=[(to_minutes(day, start), to_minutes(day, end)) for day in range(3)],
        )
        census.confirm_declaration(token=declaration.confirmation_token)
    return campaign


@pytest.mark.django_db
def test_observer_runs_an_anonymised_study_of_a_campaign(
    client, personas, campaign, django_capture_on_commit_callbacks
):
    client.force_login(personas.observer_a)
    assert client.get(reverse("needs:studies")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("needs:study_start", args=[campaign.public_id]))
    run = ConsolidationRun.objects.get()
    assert response.url == reverse("needs:study", args=[run.public_id])
    assert run.status == RunStatus.SUCCEEDED and run.campaign == campaign
    body = client.get(response.url).content.decode()
    assert "Par commune" in body and "Alençon" in body and "<svg" in body
    assert "Boulangerie Secrète" not in body and "Mairie Discrète" not in body
    # The detailed pages stay for GE staff.
    assert client.get(reverse("needs:run_detail", args=[run.public_id])).status_code == 404
    assert client.get(reverse("needs:campaign_detail", args=[campaign.public_id])).status_code == 404


@pytest.mark.django_db
def test_observers_see_campaign_runs_only(personas, campaign):
    ConsolidationRun.objects.create(group=personas.group_a)
    with_campaign = ConsolidationRun.objects.create(group=personas.group_a, campaign=campaign)
    assert list(scoped(ConsolidationRun, resolve_membership(personas.observer_a))) == [with_campaign]
    assert not scoped(ConsolidationRun, resolve_membership(personas.observer_b)).exists()
    assert not scoped(ConsolidationRun, resolve_membership(personas.partner_a)).exists()


@pytest.mark.django_db
def test_other_roles_and_groups_get_404(client, personas, campaign):
    run = ConsolidationRun.objects.create(group=personas.group_a, campaign=campaign)
    for user in ("contact_a1", "partner_a", "observer_b", "director_b"):
        client.force_login(personas[user])
        assert client.get(reverse("needs:study", args=[run.public_id])).status_code == 404
        assert client.post(reverse("needs:study_start", args=[campaign.public_id])).status_code == 404
    client.force_login(personas.accountant_a)
    assert client.get(reverse("needs:study", args=[run.public_id])).status_code == 200
    assert client.post(reverse("needs:study_start", args=[campaign.public_id])).status_code == 403
