import datetime

import pytest
from django.urls import reverse

from mutualis.core.identifiers import make_siret
from mutualis.core.models import AuditEvent
from mutualis.members.models import Member, MemberKind
from tests.factories import MemberFactory, SiteFactory

pytestmark = pytest.mark.django_db


def _valid_data(**overrides):
    data = {
        "name": "Boulangerie du Marché",
        "kind": MemberKind.COMPANY,
        "siret": make_siret(4242),
        "naf_code": "10.71C",
        "headcount_band": "1-9",
        "vat_status": "subject",
        "joined_on": "2025-03-01",
        "left_on": "",
        "deposit": "150,50",
        "email": "compta@boulangerie.example",
        "phone": "",
        "notes": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", ["director_a", "planner_a", "accountant_a"])
def test_staff_list_their_members_only(client, personas, role):
    client.force_login(personas[role])
    response = client.get(reverse("members:list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Adhérent A1" in content and "Adhérent A2" in content
    assert "Adhérent B1" not in content


@pytest.mark.parametrize("role", ["contact_a1", "employee_user_a", "partner_a", "observer_a", "outsider"])
def test_list_is_not_for_non_staff(client, personas, role):
    client.force_login(personas[role])
    assert client.get(reverse("members:list")).status_code == 404


def test_anonymous_is_sent_to_login(client, personas):
    response = client.get(reverse("members:list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_director_creates_a_member_and_it_is_journaled(client, personas):
    client.force_login(personas.director_a)
    response = client.post(reverse("members:create"), _valid_data())
    member = Member.objects.get(name="Boulangerie du Marché")
    assert response.status_code == 302
    assert response["Location"] == reverse("members:detail", args=[member.public_id])
    assert member.group == personas.group_a
    assert str(member.deposit) == "150.50"
    event = AuditEvent.objects.get(action="member.created")
    assert event.actor == personas.director_a and event.target_id == str(member.public_id)


def test_accountant_reads_but_cannot_write(client, personas):
    client.force_login(personas.accountant_a)
    member = personas.member_a1
    assert client.get(reverse("members:detail", args=[member.public_id])).status_code == 200
    assert client.get(reverse("members:create")).status_code == 403
    assert client.post(reverse("members:create"), _valid_data()).status_code == 403
    assert client.post(reverse("members:update", args=[member.public_id]), _valid_data()).status_code == 403
    assert client.post(reverse("members:archive", args=[member.public_id])).status_code == 403
    assert not Member.objects.filter(name="Boulangerie du Marché").exists()
    member.refresh_from_db()
    assert member.archived_at is None


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"siret": "12345678901234"}, "siret", "n'est pas un SIRET valide"),
        ({"name": ""}, "name", "Ce champ est obligatoire"),
        ({"left_on": "2024-01-01"}, "left_on", "précède la date d'adhésion"),
        ({"deposit": "-3"}, "deposit", "supérieure ou égale à 0"),
        ({"naf_code": "xx"}, "naf_code", "n'est pas un code NAF"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(client, personas, overrides, field, message):
    client.force_login(personas.planner_a)
    before = Member.objects.count()
    response = client.post(reverse("members:create"), _valid_data(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert f'id="id_{field}_error"' in response.content.decode()
    assert Member.objects.count() == before


def test_duplicate_siret_in_the_group_is_refused_on_the_field(client, personas):
    client.force_login(personas.director_a)
    response = client.post(reverse("members:create"), _valid_data(siret=personas.member_a1.siret))
    assert "siret" in response.context["form"].errors
    # The same SIRET is fine in another GE.
    client.force_login(personas.director_b)
    assert (
        client.post(reverse("members:create"), _valid_data(siret=personas.member_a1.siret)).status_code == 302
    )


def test_planner_edits_a_member(client, personas):
    client.force_login(personas.planner_a)
    member = personas.member_a1
    url = reverse("members:update", args=[member.public_id])
    assert client.get(url).status_code == 200
    data = _valid_data(name="Nouveau nom", siret=member.siret, left_on="2025-12-31")
    assert client.post(url, data).status_code == 302
    member.refresh_from_db()
    assert member.name == "Nouveau nom" and member.left_on == datetime.date(2025, 12, 31)
    assert AuditEvent.objects.filter(action="member.updated", target_id=str(member.public_id)).exists()


def test_archive_and_unarchive_are_posts(client, personas):
    client.force_login(personas.director_a)
    member = personas.member_a2
    assert client.get(reverse("members:archive", args=[member.public_id])).status_code == 405
    assert client.post(reverse("members:archive", args=[member.public_id])).status_code == 302
    member.refresh_from_db()
    assert member.archived_at is not None
    # Archived members leave the default list but stay reachable with the status filter.
    assert member not in client.get(reverse("members:list")).context["filter"].qs
    assert list(client.get(reverse("members:list"), {"status": "archived"}).context["filter"].qs) == [member]
    assert client.post(reverse("members:unarchive", args=[member.public_id])).status_code == 302
    member.refresh_from_db()
    assert member.archived_at is None
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"member.archived", "member.unarchived"} <= actions


def test_archive_needs_csrf(personas):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.director_a)
    assert client.post(reverse("members:archive", args=[personas.member_a2.public_id])).status_code == 403


def test_other_groups_members_are_404(client, personas):
    client.force_login(personas.director_a)
    foreign = personas.member_b1.public_id
    for name in ("members:detail", "members:update", "members:site_create"):
        assert client.get(reverse(name, args=[foreign])).status_code == 404
    for name in ("members:archive", "members:unarchive"):
        assert client.post(reverse(name, args=[foreign])).status_code == 404


def test_member_contact_reads_own_member_only(client, personas):
    client.force_login(personas.contact_a1)
    response = client.get(reverse("members:detail", args=[personas.member_a1.public_id]))
    assert response.status_code == 200
    content = response.content.decode()
    assert personas.site_a1.name in content
    assert reverse("members:update", args=[personas.member_a1.public_id]) not in content
    assert response.context["contracts"] is None
    assert client.get(reverse("members:detail", args=[personas.member_a2.public_id])).status_code == 404
    assert client.get(reverse("members:update", args=[personas.member_a1.public_id])).status_code == 404
    assert client.post(reverse("members:archive", args=[personas.member_a1.public_id])).status_code == 404


@pytest.mark.parametrize("role", ["employee_user_a", "partner_a", "observer_a", "outsider"])
def test_other_roles_get_404_on_member_pages(client, personas, role):
    client.force_login(personas[role])
    assert client.get(reverse("members:detail", args=[personas.member_a1.public_id])).status_code == 404


def test_detail_shows_sites_contacts_contracts_dates_and_deposit(client, personas):
    client.force_login(personas.director_a)
    member = personas.member_a1
    response = client.get(reverse("members:detail", args=[member.public_id]))
    content = response.content.decode()
    assert personas.site_a1.name in content
    assert "contact_a1" in content
    assert reverse("employees:contract_detail", args=[personas.contract_a.public_id]) in content
    assert "01/01/2024" in content
    assert "0,00 €" in content or "0.00 €" in content


def test_public_bodies_warning_on_the_list(client, personas):
    client.force_login(personas.director_a)
    assert "dépassent la moitié" not in client.get(reverse("members:list")).content.decode()
    MemberFactory.create_batch(3, group=personas.group_a, public_body=True)
    assert "dépassent la moitié" in client.get(reverse("members:list")).content.decode()


def test_list_filters_by_kind_name_and_commune(client, personas):
    MemberFactory(group=personas.group_a, name="Mairie de Sées", public_body=True)
    SiteFactory(member=personas.member_a2, city="Argentan")
    client.force_login(personas.director_a)
    content = client.get(reverse("members:list"), {"kind": "public_body"}).content.decode()
    assert "Mairie de Sées" in content and "Adhérent A1" not in content
    content = client.get(reverse("members:list"), {"q": "sées"}).content.decode()
    assert "Mairie de Sées" in content and "Adhérent A2" not in content
    content = client.get(reverse("members:list"), {"city": "argentan"}).content.decode()
    assert "Adhérent A2" in content and "Adhérent A1" not in content


def test_list_is_paginated_by_25(client, personas):
    MemberFactory.create_batch(30, group=personas.group_a)
    client.force_login(personas.director_a)
    response = client.get(reverse("members:list"))
    table = response.context["table"]
    assert len(table.page.object_list) == 25 and table.paginator.count == 32
    assert len(client.get(reverse("members:list"), {"page": 2}).context["table"].page.object_list) == 7


def test_list_query_count_does_not_grow_with_rows(client, personas, django_assert_max_num_queries):
    for _ in range(30):
        SiteFactory(member=MemberFactory(group=personas.group_a))
    client.force_login(personas.director_a)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("members:list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("members:list"), {"_export": "xlsx"}).status_code == 200
