import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from mutualis.insertion import consents
from mutualis.insertion.enums import GivenVia, Part, Purpose
from mutualis.insertion.models import JourneyEvent
from mutualis.offer import services
from mutualis.offer.enums import OrientationStatus
from mutualis.offer.models import Orientation
from tests.insertion.factories import person, professional

from .helpers import service as make_service

pytestmark = pytest.mark.usefixtures("geography")
SENT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def referent():
    return professional(username="referente")


@pytest.fixture
def beneficiary(referent):
    return person(referent, email="leila@example.org", phone="0601020304")


@pytest.fixture
def service():
    with time_machine.travel(SENT, tick=False):
        return make_service(places_total=None)


def send(referent, beneficiary, service, **kwargs):
    kwargs.setdefault("consent_given_via", GivenVia.SIGNED)
    with time_machine.travel(SENT, tick=False):
        return services.orient(
            actor=referent.user, membership=referent, service=service, beneficiary=beneficiary, **kwargs
        )


def test_an_orientation_without_consent_is_refused(referent, beneficiary, service):
    with pytest.raises(ValidationError, match="consentement"):
        send(referent, beneficiary, service, consent_given_via="")
    assert Orientation.objects.count() == 0


def test_orientation_records_the_consent_and_mails_a_link_without_the_name(
    referent, beneficiary, service, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        orientation = send(referent, beneficiary, service, message="Besoin d'un atelier")
    assert orientation.consent.purpose == Purpose.ORIENTATION
    assert orientation.consent.organisation == service.structure.organisation
    [message] = mail.outbox
    assert message.to == [service.courriel]
    assert "/offre/reponse/" in message.body
    assert "Benali" not in message.body and "atelier" not in message.body
    assert JourneyEvent.objects.filter(kind="orientation_sent", follow_up=beneficiary.follow_up).exists()


def test_an_existing_consent_for_the_structure_is_used(referent, beneficiary, service):
    consent = consents.grant(
        actor=referent.user,
        beneficiary=beneficiary,
        organisation=service.structure.organisation,
        purpose=Purpose.ORIENTATION,
        parts=[Part.IDENTITY],
        given_via=GivenVia.SIGNED,
        given_on=dt.date(2026, 3, 1),
    )
    orientation = send(referent, beneficiary, service, consent_given_via="")
    assert orientation.consent == consent


def test_a_professional_who_does_not_see_the_person_cannot_orient_her(beneficiary, service):
    stranger = professional(username="autre")
    with pytest.raises(consents.NotAllowed):
        send(stranger, beneficiary, service)


def test_the_structure_accepts_through_the_link_without_an_account(client, referent, beneficiary, service):
    orientation = send(referent, beneficiary, service)
    path = services.answer_path(orientation)
    with time_machine.travel(SENT + dt.timedelta(days=3), tick=False):
        page = client.get(path)
        assert page.status_code == 200
        assert "Leïla Benali" in page.content.decode()  # her identity, under her consent
        response = client.post(path, {"decision": "accept", "answered_by": "Claire"})
    assert response.status_code == 302
    orientation.refresh_from_db()
    assert orientation.status == OrientationStatus.ACCEPTED
    assert orientation.answered_by == "Claire"
    assert JourneyEvent.objects.filter(kind="orientation_accepted").exists()


def test_a_refusal_needs_a_reason(client, referent, beneficiary, service):
    orientation = send(referent, beneficiary, service)
    path = services.answer_path(orientation)
    with time_machine.travel(SENT + dt.timedelta(days=3), tick=False):
        response = client.post(path, {"decision": "refuse"})
        assert "Choisissez le motif du refus" in response.content.decode()
        orientation.refresh_from_db()
        assert orientation.status == OrientationStatus.PENDING
        client.post(path, {"decision": "refuse", "refusal_reason": "full"})
    orientation.refresh_from_db()
    assert (orientation.status, orientation.refusal_reason) == (OrientationStatus.REFUSED, "full")


def test_a_revoked_consent_hides_the_identity_behind_the_link(client, referent, beneficiary, service):
    orientation = send(referent, beneficiary, service)
    with time_machine.travel(SENT + dt.timedelta(days=1), tick=False):
        consents.revoke(actor=referent.user, consent=orientation.consent)
        body = client.get(services.answer_path(orientation)).content.decode()
    assert "Benali" not in body and "Identité non partagée" in body


def test_a_tampered_link_is_not_found(client):
    assert client.get("/offre/reponse/abc/").status_code == 404


def test_reminder_at_10_days_then_expiry_at_30(
    referent, beneficiary, service, django_capture_on_commit_callbacks
):
    orientation = send(referent, beneficiary, service)
    mail.outbox.clear()
    with time_machine.travel(SENT + dt.timedelta(days=9, hours=23), tick=False):
        assert services.process_due() == {"reminded": 0, "expired": 0}
    with (
        time_machine.travel(SENT + dt.timedelta(days=10), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.process_due() == {"reminded": 1, "expired": 0}
    assert "Rappel" in mail.outbox[0].subject
    with time_machine.travel(SENT + dt.timedelta(days=11), tick=False):
        assert services.process_due() == {"reminded": 0, "expired": 0}  # once only
    with time_machine.travel(SENT + dt.timedelta(days=29, hours=23), tick=False):
        assert services.process_due()["expired"] == 0
    with time_machine.travel(SENT + dt.timedelta(days=30), tick=False):
        assert services.process_due() == {"reminded": 0, "expired": 1}
    orientation.refresh_from_db()
    assert orientation.status == OrientationStatus.EXPIRED
    assert JourneyEvent.objects.filter(kind="orientation_expired").exists()


def test_an_expired_link_cannot_answer(client, referent, beneficiary, service):
    orientation = send(referent, beneficiary, service)
    path = services.answer_path(orientation)
    with time_machine.travel(SENT + dt.timedelta(days=30, minutes=1), tick=False):
        response = client.post(path, {"decision": "accept"})
        assert response.status_code == 410
        assert "a expiré" in response.content.decode()
        with pytest.raises(ValidationError, match="expiré"):
            services.accept(orientation=orientation)
    orientation.refresh_from_db()
    assert orientation.status == OrientationStatus.PENDING


def test_an_answered_orientation_cannot_be_answered_again(referent, beneficiary, service):
    orientation = send(referent, beneficiary, service)
    with time_machine.travel(SENT + dt.timedelta(days=1), tick=False):
        services.accept(orientation=orientation)
        with pytest.raises(ValidationError, match="déjà reçu une réponse"):
            services.refuse(orientation=orientation, reason="full")


def test_accepting_takes_a_place(referent, beneficiary):
    with time_machine.travel(SENT, tick=False):
        svc = make_service(di_id="dora--places")
    svc.places_total, svc.places_taken = 3, 1
    svc.save()
    orientation = send(referent, beneficiary, svc)
    with time_machine.travel(SENT + dt.timedelta(days=1), tick=False):
        services.accept(orientation=orientation)
    svc.refresh_from_db()
    assert svc.places_taken == 2


def test_the_command_runs_the_same_rules(referent, beneficiary, service):
    from django.core.management import call_command

    send(referent, beneficiary, service)
    with time_machine.travel(SENT + dt.timedelta(days=31), tick=False):
        call_command("process_orientations")
    assert Orientation.objects.get().status == OrientationStatus.EXPIRED


def test_the_person_asks_her_referent_for_an_orientation(client, referent, beneficiary, service):
    from tests.insertion.factories import person_login

    referent.user.email = "referente@example.org"
    referent.user.save()
    person_login(beneficiary)
    client.force_login(beneficiary.user)
    response = client.post(f"/offre/services/{service.public_id}/demander/")
    assert response.status_code == 302
    event = JourneyEvent.objects.get(kind="orientation_requested")
    assert service.nom in event.summary
    assert client.get(f"/offre/services/{service.public_id}/").status_code == 200
