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


def test_the_platform_administrator_is_offered_the_new_group_page(client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin-test", "admin-test@example.org", "x-Secret-42")
    client.force_login(admin)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert reverse("administration:group_create") in response.content.decode()


def test_a_user_without_organisation_is_told_whom_to_ask(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("seul", "seul@example.org", "x-Secret-42"))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "aucune organisation active" in response.content.decode()


def test_the_director_sees_the_group_indicators(client, personas):
    client.force_login(personas.director_a)
    html = client.get(reverse("home")).content.decode()
    assert "Indicateurs du groupement" in html
    assert "À faire" in html
