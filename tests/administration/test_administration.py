"""Administration in pages (issue 11, item 2): invitations by e-mail that land in the right role,
role changes, deactivation, « Rôles et droits », GE settings, a GE created by the platform admin."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from mutualis.accounts.models import Membership, User
from mutualis.billing import selectors as billing_selectors
from mutualis.employer_groups.models import EmployerGroup


def _link(message):
    return re.search(r"https?://\S+", message.body).group(0)


def _sign_in(client, username, password):
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


def _accept(client, link, password="un-mot-de-passe-solide-42"):
    """Follow the e-mail link, set the password, sign in: returns the home page's text."""
    path = link.split("testserver", 1)[-1]
    form = client.get(path, follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})
    assert done.status_code == 302
    return password


@pytest.mark.django_db
def test_director_invites_an_accountant_who_sets_a_password_and_lands_in_the_role(
    client, personas, django_capture_on_commit_callbacks
):
    client.force_login(personas.director_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("administration:team"),
            {
                "email": "Lea.Compta@Example.org",
                "first_name": "Léa",
                "last_name": "Compta",
                "role": "accountant",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="lea.compta@example.org")
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert (membership.group, membership.role) == (personas.group_a, "accountant")
    (message,) = mail.outbox
    assert message.to == ["lea.compta@example.org"] and "Comptabilité" in message.body
    team = client.get(reverse("administration:team")).content.decode()
    assert "Invitation envoyée" in team

    client.logout()
    password = _accept(client, _link(message))
    assert _sign_in(client, "lea.compta@example.org", password)
    home = client.get(reverse("home")).content.decode()
    assert "Comptabilité" in home and personas.group_a.name in home


@pytest.mark.django_db
def test_contacts_from_the_member_page_and_employees_from_the_employee_page(
    client, personas, django_capture_on_commit_callbacks
):
    client.force_login(personas.planner_a)
    url = reverse("administration:invite_contact", kwargs={"public_id": personas.member_a2.public_id})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"email": "contact@a2.example.org"}).status_code == 302
    contact = Membership.objects.get(user__email="contact@a2.example.org")
    assert (contact.role, contact.member) == ("member_contact", personas.member_a2)

    # Employee a already has an access: refused on the form's e-mail field, nothing created.
    url = reverse("administration:invite_employee", kwargs={"public_id": personas.employee_a.public_id})
    refused = client.post(url, {"email": "autre@example.org"})
    assert refused.status_code == 400 and "déjà un accès" in refused.content.decode()
    assert not User.objects.filter(email="autre@example.org").exists()

    # The planner does not manage the team.
    assert client.get(reverse("administration:team")).status_code == 403
    assert (
        client.post(
            reverse("administration:team"), {"email": "x@example.org", "role": "director"}
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_role_change_and_deactivation_keep_one_director(client, personas):
    director = Membership.objects.get(user=personas.director_a, group=personas.group_a)
    planner = Membership.objects.get(user=personas.planner_a, group=personas.group_a)
    client.force_login(personas.director_a)
    client.post(
        reverse("administration:change_role", kwargs={"public_id": planner.public_id}),
        {f"{planner.public_id}-role": "accountant"},
    )
    planner.refresh_from_db()
    assert planner.role == "accountant"
    client.post(
        reverse("administration:set_active", kwargs={"public_id": planner.public_id}), {"active": "0"}
    )
    planner.refresh_from_db()
    assert not planner.is_active
    # The planner (now accountant, deactivated) no longer acts in GE a.
    assert not personas.planner_a.active_memberships().filter(group=personas.group_a).exists()
    # One cannot deactivate oneself, and the last director stays.
    response = client.post(
        reverse("administration:set_active", kwargs={"public_id": director.public_id}),
        {"active": "0"},
        follow=True,
    )
    director.refresh_from_db()
    assert director.is_active and "propre accès" in response.content.decode()


@pytest.mark.django_db
def test_roles_page_and_group_settings(client, personas):
    client.force_login(personas.contact_a1)
    roles = client.get(reverse("administration:roles")).content.decode()
    assert "Rôles et droits" in roles and "Comptabilité" in roles and "émettre les factures" in roles

    group = personas.group_a
    client.force_login(personas.director_a)
    data = {
        "name": "GE A du bocage",
        "legal_form": group.legal_form,
        "siren": group.siren,
        "siret": group.siret,
        "address": "2 rue du Marché",
        "postcode": "61000",
        "city": "Alençon",
        "idcc": group.idcc,
        "vat_regime": "subject",
        "default_billing_coefficient": "1.95",
        "invoice_prefix": "GAB",
        "payment_terms_days": "45",
        "reminder_interval_days": "10",
        "vat_on_debits": "",
    }
    response = client.post(reverse("administration:group_settings"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    group.refresh_from_db()
    assert (group.name, group.default_billing_coefficient, group.invoice_prefix) == (
        "GE A du bocage",
        Decimal("1.95"),
        "GAB",
    )
    assert billing_selectors.settings_for(group).payment_terms_days == 45
    too_long = client.post(reverse("administration:group_settings"), {**data, "payment_terms_days": "90"})
    assert too_long.status_code == 400 and "60" in too_long.content.decode()


@pytest.mark.django_db
def test_platform_admin_creates_a_group_with_its_first_director(
    client, personas, django_capture_on_commit_callbacks
):
    admin = User.objects.create_superuser("plateforme", "admin@example.org", "mot-de-passe-admin-42")
    client.force_login(personas.director_a)
    assert client.get(reverse("administration:group_create")).status_code == 404
    client.force_login(admin)
    data = {
        "name": "GE du Perche",
        "slug": "ge-du-perche",
        "legal_form": "association",
        "siren": "732829320",
        "vat_regime": "subject",
        "default_billing_coefficient": "1.85",
        "invoice_prefix": "GDP",
        "director_email": "directrice@perche.example.org",
        "director_first_name": "Anne",
        "director_last_name": "Perche",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("administration:group_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    group = EmployerGroup.objects.get(slug="ge-du-perche")
    membership = Membership.objects.get(group=group)
    assert (membership.role, membership.user.email) == ("director", "directrice@perche.example.org")
    (message,) = mail.outbox
    client.logout()
    password = _accept(client, _link(message))
    assert _sign_in(client, "directrice@perche.example.org", password)
    assert "GE du Perche" in client.get(reverse("home")).content.decode()
    assert client.get(reverse("administration:team")).status_code == 200


@pytest.mark.django_db
def test_api_invites_changes_roles_and_adds_rates(personas, django_capture_on_commit_callbacks):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(personas.director_a)
    with django_capture_on_commit_callbacks(execute=True):
        created = api.post("/api/v1/team/", {"email": "plan@example.org", "role": "planner"}, format="json")
    assert created.status_code == 201 and created.json()["status"] == "Invitation envoyée"
    assert len(mail.outbox) == 1
    target = created.json()["id"]
    changed = api.patch(f"/api/v1/team/{target}/", {"role": "accountant"}, format="json")
    assert changed.status_code == 200 and changed.json()["role"] == "accountant"
    off = api.patch(f"/api/v1/team/{target}/", {"is_active": False}, format="json")
    assert off.json()["is_active"] is False and off.json()["status"] == "Désactivé"
    bad = api.post("/api/v1/team/", {"email": "x", "role": "planner"}, format="json")
    assert bad.status_code == 400 and "email" in bad.json()

    rate = api.post(
        "/api/v1/cost-parameters/",
        {"employer_contribution_rate": "42.00", "valid_from": "2026-01-01"},
        format="json",
    )
    assert rate.status_code == 201, rate.json()
    smic = api.post(
        "/api/v1/minimum-wages/",
        {"hourly_amount": "12.0200", "valid_from": "2026-01-01", "source": "Décret"},
        format="json",
    )
    assert smic.status_code == 201
    again = api.post(
        "/api/v1/minimum-wages/",
        {"hourly_amount": "12.0200", "valid_from": "2026-01-01", "source": "Décret"},
        format="json",
    )
    assert again.status_code == 400 and "valid_from" in again.json()
    planner = APIClient()
    planner.force_authenticate(personas.planner_a)
    assert (
        planner.post(
            "/api/v1/billing-coefficients/", {"coefficient": "1.9", "valid_from": "2026-01-01"}
        ).status_code
        == 403
    )
