import pytest
from django.core import mail
from django.urls import reverse

from mutualis.core.identifiers import make_siret
from mutualis.needs.models import CampaignStatus, CensusCampaign, CensusDeclaration, Need, NeedStatus
from tests.needs.factories import CensusCampaignFactory


def declaration_post(**overrides):
    data = {
        "organisation_name": "Boulangerie du Parc",
        "siret": make_siret(4242),
        "contact_name": "Alex Dupont",
        "contact_email": "alex@example.org",
        "city": "Alençon",
        "job_title": "Vendeur",
        "kind": "fixed",
        "weeks_text": "",
        "slots-TOTAL_FORMS": "3",
        "slots-INITIAL_FORMS": "0",
        "slots-0-weekday": "5",
        "slots-0-start": "07:00",
        "slots-0-end": "13:00",
        "windows-TOTAL_FORMS": "3",
        "windows-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_anyone_declares_through_the_public_link_and_confirms_by_email(
    client, personas, django_capture_on_commit_callbacks
):
    campaign = CensusCampaignFactory(group=personas.group_a)
    url = reverse("needs:census_form", args=[campaign.token])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, declaration_post(), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    assert "courriel vient de vous être envoyé" in response.content.decode()
    declaration = CensusDeclaration.objects.get()
    assert declaration.ip_address == "203.0.113.9"
    need = Need.objects.get()
    assert need.status == NeedStatus.DRAFT and need.group == personas.group_a
    confirm = reverse("needs:census_confirm", args=[declaration.confirmation_token])
    assert confirm in mail.outbox[0].body
    assert client.get(confirm).status_code == 200
    need.refresh_from_db()
    assert need.status == NeedStatus.DRAFT  # opening the link does not confirm
    client.post(confirm)
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN


@pytest.mark.django_db
def test_bad_siret_and_bad_slot_are_named(client, personas):
    campaign = CensusCampaignFactory(group=personas.group_a)
    url = reverse("needs:census_form", args=[campaign.token])
    response = client.post(url, declaration_post(siret="12345678901234"))
    assert "pas un SIRET valide" in response.content.decode()
    response = client.post(url, declaration_post(**{"slots-0-end": "06:00"}))
    assert "La fin doit être après le début" in response.content.decode()
    assert not CensusDeclaration.objects.exists()


@pytest.mark.django_db
def test_honeypot_answers_are_dropped(client, personas):
    campaign = CensusCampaignFactory(group=personas.group_a)
    client.post(reverse("needs:census_form", args=[campaign.token]), declaration_post(website="http://spam"))
    assert not CensusDeclaration.objects.exists()


@pytest.mark.django_db
def test_closed_campaign_answers_410(client, personas):
    campaign = CensusCampaignFactory(group=personas.group_a, status=CampaignStatus.CLOSED)
    assert client.get(reverse("needs:census_form", args=[campaign.token])).status_code == 410


@pytest.mark.django_db
def test_staff_open_a_campaign_and_see_its_declarations(client, personas):
    client.force_login(personas.planner_a)
    response = client.post(
        reverse("needs:campaign_create"),
        {
            "name": "Recensement Pays d'Alençon",
            "territory": "Communauté urbaine d'Alençon",
            "opens_on": "2025-01-01",
            "closes_on": "2099-12-31",
            "status": "open",
        },
    )
    assert response.status_code == 302
    campaign = CensusCampaign.objects.get()
    page = client.get(response.url).content.decode()
    assert campaign.token in page
    assert client.get(reverse("needs:campaigns")).status_code == 200
    client.post(reverse("needs:campaign_status", args=[campaign.public_id]), {"status": "closed"})
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED
    client.force_login(personas.director_b)
    assert client.get(reverse("needs:campaign_detail", args=[campaign.public_id])).status_code == 404
    client.force_login(personas.accountant_a)
    assert (
        client.post(
            reverse("needs:campaign_status", args=[campaign.public_id]), {"status": "open"}
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_campaign_dates_in_the_wrong_order_are_refused(client, personas):
    client.force_login(personas.planner_a)
    response = client.post(
        reverse("needs:campaign_create"),
        {
            "name": "X",
            "territory": "Y",
            "opens_on": "2025-06-01",
            "closes_on": "2025-01-01",
            "status": "draft",
        },
    )
    assert response.context["form"].errors["closes_on"]


@pytest.mark.django_db
def test_unconfirmed_answers_stay_out_of_the_needs_list(client, personas):
    campaign = CensusCampaignFactory(group=personas.group_a)
    client.post(reverse("needs:census_form", args=[campaign.token]), declaration_post(job_title="Poste-Spam"))
    declaration = CensusDeclaration.objects.get()
    client.force_login(personas.planner_a)
    assert "Poste-Spam" not in client.get(reverse("needs:list")).content.decode()
    client.post(reverse("needs:census_confirm", args=[declaration.confirmation_token]))
    assert "Poste-Spam" in client.get(reverse("needs:list")).content.decode()
