import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from mutualis.core.identifiers import make_siret
from mutualis.needs import census
from mutualis.needs.models import CampaignStatus, CensusDeclaration, Need, NeedKind, NeedStatus
from mutualis.needs.selectors import needs_of_group
from mutualis.needs.timeline import to_minutes
from tests.needs.factories import CensusCampaignFactory

SIRET = make_siret(123_456)


@pytest.fixture
def campaign(personas):
    return CensusCampaignFactory(group=personas.group_a)


def need(**overrides):
    fields = {
        "job_title": "Secrétaire",
        "rome_code": "M1607",
        "kind": NeedKind.FIXED,
        "slots": [(to_minutes(0, 9), to_minutes(0, 12))],
    }
    fields.update(overrides)
    return fields


def declare(campaign, needs=None, **overrides):
    fields = {
        "campaign": campaign,
        "needs": needs if needs is not None else [need()],
        "organisation_name": "Mairie de Valframbert",
        "siret": SIRET[:3] + " " + SIRET[3:],
        "contact_name": "Camille Martin",
        "contact_email": "mairie@example.org",
        "city": "Valframbert",
        "ip_address": "203.0.113.7",
        "confirmation_url": lambda token: f"https://mutualis.example/recensement/confirmer/{token}/",
    }
    fields.update(overrides)
    return census.submit_declaration(**fields)


@pytest.mark.django_db
def test_declaration_is_saved_as_draft_and_confirmed_by_the_email_link(
    campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        declaration = declare(campaign, needs=[need(), need(slots=[(to_minutes(1, 9), to_minutes(1, 12))])])
    assert declaration.siret == SIRET
    assert set(Need.objects.values_list("status", flat=True)) == {NeedStatus.DRAFT}
    assert not needs_of_group(campaign.group, {"campaign": str(campaign.public_id)}).exists()
    (message,) = mail.outbox
    assert message.to == ["mairie@example.org"]
    assert declaration.confirmation_token in message.body
    census.confirm_declaration(token=declaration.confirmation_token)
    census.confirm_declaration(token=declaration.confirmation_token)  # idempotent
    declaration.refresh_from_db()
    assert declaration.is_confirmed
    assert needs_of_group(campaign.group, {"campaign": str(campaign.public_id)}).count() == 2
    assert Need.objects.first().city == "Valframbert"


@pytest.mark.django_db
def test_bad_siret_is_refused_on_its_field(campaign):
    with pytest.raises(ValidationError) as excinfo:
        declare(campaign, siret="12345678901234")
    assert "siret" in excinfo.value.message_dict
    assert not CensusDeclaration.objects.exists()


@pytest.mark.django_db
def test_a_bad_need_names_its_line_and_nothing_is_saved(campaign):
    with pytest.raises(ValidationError) as excinfo:
        declare(campaign, needs=[need(), need(slots=[(to_minutes(2, 12), to_minutes(2, 9))])])
    (message,) = excinfo.value.message_dict["needs"]
    assert message.startswith("Besoin 2, slots")
    assert not CensusDeclaration.objects.exists() and not Need.objects.exists()


@pytest.mark.django_db
def test_overlapping_needs_of_one_declaration_are_refused(campaign):
    with pytest.raises(ValidationError, match="chevauche"):
        declare(campaign, needs=[need(), need()])


@pytest.mark.django_db
def test_closed_or_unopened_campaign_refuses_answers(campaign):
    campaign.status = CampaignStatus.CLOSED
    campaign.save()
    with pytest.raises(ValidationError, match="n'accepte pas"):
        declare(campaign)


@pytest.mark.django_db
def test_limits_per_ip_and_per_siret(campaign, monkeypatch):
    monkeypatch.setattr(census, "MAX_DECLARATIONS_PER_IP_PER_DAY", 2)
    declare(campaign, siret=make_siret(1))
    declare(campaign, siret=make_siret(2))
    with pytest.raises(ValidationError, match="Trop de déclarations"):
        declare(campaign, siret=make_siret(3))
    declare(campaign, siret=make_siret(3), ip_address="198.51.100.1")
    monkeypatch.setattr(census, "MAX_DECLARATIONS_PER_IP_PER_DAY", 100)
    for _ in range(census.MAX_PENDING_DECLARATIONS_PER_SIRET - 1):
        declare(campaign, siret=make_siret(3), needs=[need()])
    with pytest.raises(ValidationError) as excinfo:
        declare(campaign, siret=make_siret(3))
    assert "siret" in excinfo.value.message_dict


@pytest.mark.django_db
def test_too_many_or_no_needs_are_refused(campaign, monkeypatch):
    with pytest.raises(ValidationError) as excinfo:
        declare(campaign, needs=[])
    assert "needs" in excinfo.value.message_dict
    monkeypatch.setattr(census, "MAX_NEEDS_PER_DECLARATION", 1)
    with pytest.raises(ValidationError, match="Au plus 1"):
        declare(campaign, needs=[need(), need(slots=[(to_minutes(3, 9), to_minutes(3, 10))])])


@pytest.mark.django_db
def test_unknown_token_is_refused():
    with pytest.raises(ValidationError, match="pas valide"):
        census.confirm_declaration(token="inconnu")
