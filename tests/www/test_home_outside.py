"""The home page of people outside a GE's staff is a to-do list, never an empty page."""

import pytest
from django.urls import reverse

from tests.insertion.factories import person, professional

pytestmark = pytest.mark.django_db


def _home(client, membership):
    client.force_login(membership.user)
    session = client.session
    session["current_membership"] = str(membership.public_id)
    session.save()
    return client.get(reverse("home")).content.decode()


def test_an_insertion_professional_sees_her_caseload_and_what_waits(client):
    referent = professional()
    person(referent)
    person(referent)
    html = _home(client, referent)
    assert "À faire" in html
    assert "2 personnes sans diagnostic" in html
    assert "Mes accompagnements : 2 personnes" in html
    assert reverse("insertion:caseload") + "?filtre=no_diagnostic" in html
    assert reverse("appointments:list") not in html  # appointments belong to a GE: no dead link


def test_the_person_accompanied_is_sent_to_her_journey(client):
    referent = professional()
    beneficiary = person(referent)
    from tests.insertion.factories import person_login

    membership = person_login(beneficiary)
    html = _home(client, membership)
    assert reverse("insertion:my_journey") in html
    assert reverse("insertion:my_data") in html
