import pytest
from django.urls import reverse

from mutualis.accounts.roles import Role
from mutualis.accounts.tenancy import resolve_membership, scoped
from mutualis.employees.models import Employee
from mutualis.members.models import Member, Site
from tests.factories import PASSWORD, MembershipFactory


@pytest.mark.django_db
def test_staff_see_their_group_only(personas):
    membership = resolve_membership(personas.director_a)
    assert set(scoped(Member, membership)) == {personas.member_a1, personas.member_a2}
    assert personas.member_b1 not in scoped(Member, membership)


@pytest.mark.django_db
def test_member_contact_sees_own_member_and_its_sites(personas):
    membership = resolve_membership(personas.contact_a1)
    assert list(scoped(Member, membership)) == [personas.member_a1]
    assert list(scoped(Site, membership)) == [personas.site_a1]
    assert list(scoped(Employee, membership)) == [personas.employee_a]
    other = resolve_membership(personas.contact_a2)
    assert list(scoped(Employee, other)) == []


@pytest.mark.django_db
def test_employee_sees_only_self(personas):
    membership = resolve_membership(personas.employee_user_a)
    assert list(scoped(Employee, membership)) == [personas.employee_a]
    assert list(scoped(Member, membership)) == []


@pytest.mark.django_db
def test_no_membership_sees_nothing(personas):
    assert resolve_membership(personas.outsider) is None
    assert scoped(Member, None).count() == 0


@pytest.mark.django_db
def test_user_switches_between_organisations(client, personas):
    second = MembershipFactory(user=personas.director_a, group=personas.group_b, role=Role.PLANNER)
    client.force_login(personas.director_a)
    response = client.get(reverse("home"))
    assert response.context["membership"].group == personas.group_a
    response = client.post(reverse("switch_organisation"), {"membership": str(second.public_id), "next": "/"})
    assert response.status_code == 302
    response = client.get(reverse("home"))
    assert response.context["membership"] == second
    # Someone else's membership cannot be chosen.
    foreign = personas.director_b.memberships.get()
    client.post(reverse("switch_organisation"), {"membership": str(foreign.public_id)})
    assert client.get(reverse("home")).context["membership"] == second


@pytest.mark.django_db
def test_login_page_and_lockout(client, personas):
    assert client.get(reverse("login")).status_code == 200
    for _ in range(5):
        client.post(reverse("login"), {"username": "director_a", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "director_a", "password": PASSWORD})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()


@pytest.mark.django_db
def test_a_user_holds_a_role_once_per_organisation(personas):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(user=personas.director_a, group=personas.group_a, role=Role.DIRECTOR)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(
            user=personas.contact_a1,
            group=personas.group_a,
            role=Role.MEMBER_CONTACT,
            member=personas.member_a1,
        )
    # The same person may be the contact of a second member.
    MembershipFactory(
        user=personas.contact_a1, group=personas.group_a, role=Role.MEMBER_CONTACT, member=personas.member_a2
    )
