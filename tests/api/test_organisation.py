import pytest
from django.urls import reverse

from mutualis.accounts.roles import Role
from tests.factories import MembershipFactory

MEMBERS = reverse("api:member-list")


@pytest.mark.django_db
def test_header_chooses_among_own_memberships(personas, api):
    second = MembershipFactory(user=personas.director_a, group=personas.group_b, role=Role.ACCOUNTANT)
    client = api("director_a")
    names = {r["name"] for r in client.get(MEMBERS).json()["results"]}
    assert names == {"Adhérent A1", "Adhérent A2"}
    response = client.get(MEMBERS, headers={"X-Mutualis-Organisation": str(second.public_id)})
    assert {r["name"] for r in response.json()["results"]} == {"Adhérent B1"}
    response = client.get(MEMBERS, {"organisation": str(second.public_id)})
    assert {r["name"] for r in response.json()["results"]} == {"Adhérent B1"}
    # Acting as accountant in GE b: read-only there.
    response = client.post(
        MEMBERS, {"name": "X"}, format="json", headers={"X-Mutualis-Organisation": str(second.public_id)}
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_someone_elses_membership_is_refused_not_ignored(personas, api):
    foreign = personas.director_b.memberships.get()
    response = api("planner_a").get(MEMBERS, headers={"X-Mutualis-Organisation": str(foreign.public_id)})
    assert response.status_code == 403
    assert "rattachements" in response.json()["detail"]
    response = api("planner_a").get(MEMBERS, {"organisation": "n-importe-quoi"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_session_authentication_works_too(client, personas):
    client.force_login(personas.contact_a2)
    response = client.get(MEMBERS)
    assert response.status_code == 200
    assert [r["name"] for r in response.json()["results"]] == ["Adhérent A2"]


@pytest.mark.django_db
def test_bad_token_is_refused(client, personas):
    response = client.get(MEMBERS, headers={"authorization": "Token pas-un-vrai-jeton"})
    assert response.status_code == 401


@pytest.mark.django_db
def test_skills_referential_is_read_only(personas, api):
    client = api("contact_a1")
    assert client.get(reverse("api:skill-list")).status_code == 200
    assert client.post(reverse("api:skill-list"), {"code": "X"}, format="json").status_code == 405
    assert api("outsider").get(reverse("api:skill-list")).json()["results"] == []


@pytest.mark.django_db
def test_memberships_lists_only_own_and_marks_the_current_one(personas, api):
    second = MembershipFactory(user=personas.contact_a1, group=personas.group_b, role=Role.OBSERVER)
    client = api("contact_a1")
    rows = client.get(reverse("api:membership-list")).json()
    assert {r["id"] for r in rows} == {
        str(personas.contact_a1.memberships.get(role=Role.MEMBER_CONTACT).public_id),
        str(second.public_id),
    }
    contact = next(r for r in rows if r["role"] == "member_contact")
    assert contact["member"] == str(personas.member_a1.public_id)
    assert contact["current"] is True
    rows = client.get(reverse("api:membership-list"), {"organisation": str(second.public_id)}).json()
    assert next(r for r in rows if r["id"] == str(second.public_id))["current"] is True
    assert api("outsider").get(reverse("api:membership-list")).json() == []
