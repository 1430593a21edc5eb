import pytest
from django.urls import reverse

from mutualis.core.models import AuditEvent
from mutualis.members.models import Member, Site
from tests.factories import MemberFactory

MEMBERS = reverse("api:member-list")
SITES = reverse("api:site-list")


def member_url(member):
    return reverse("api:member-detail", kwargs={"public_id": member.public_id})


def site_url(site):
    return reverse("api:site-detail", kwargs={"public_id": site.public_id})


def ids(response):
    return {row["id"] for row in response.json()["results"]}


NEW_MEMBER = {
    "name": "Boulangerie Martin",
    "kind": "company",
    "siret": "73282932000074",
    "vat_status": "subject",
    "joined_on": "2025-03-01",
    "deposit": "150.00",
}


@pytest.mark.django_db
def test_staff_list_their_group_members_only(personas, api):
    response = api("accountant_a").get(MEMBERS)
    assert response.status_code == 200
    assert ids(response) == {str(personas.member_a1.public_id), str(personas.member_a2.public_id)}
    assert response.json()["count"] == 2


@pytest.mark.django_db
def test_contact_reads_own_member_and_sites_only(personas, api):
    client = api("contact_a1")
    assert ids(client.get(MEMBERS)) == {str(personas.member_a1.public_id)}
    assert ids(client.get(SITES)) == {str(personas.site_a1.public_id)}
    assert client.get(member_url(personas.member_a2)).status_code == 404
    assert client.get(site_url(personas.site_a2)).status_code == 404


@pytest.mark.parametrize("name", ["partner_a", "observer_a", "employee_user_a", "outsider"])
@pytest.mark.django_db
def test_roles_without_registry_access_see_nothing(personas, api, name):
    client = api(name)
    assert client.get(MEMBERS).json()["results"] == []
    assert client.get(SITES).json()["results"] == []
    assert client.get(member_url(personas.member_a1)).status_code == 404


@pytest.mark.django_db
def test_anonymous_is_refused(client, personas):
    assert client.get(MEMBERS).status_code == 401


@pytest.mark.django_db
def test_planner_creates_member_through_the_service(personas, api):
    response = api("planner_a").post(MEMBERS, NEW_MEMBER, format="json")
    assert response.status_code == 201, response.json()
    member = Member.objects.get(public_id=response.json()["id"])
    assert member.group == personas.group_a
    assert str(member.deposit) == "150.00"
    assert AuditEvent.objects.filter(action="member.created", target_id=str(member.public_id)).exists()


@pytest.mark.django_db
def test_invalid_member_gets_french_field_errors_and_nothing_saved(personas, api):
    before = Member.objects.count()
    data = {**NEW_MEMBER, "siret": "12345678901234", "kind": "martien"}
    response = api("director_a").post(MEMBERS, data, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert "SIRET valide" in errors["siret"][0]
    assert "kind" in errors
    assert Member.objects.count() == before


@pytest.mark.django_db
def test_model_rules_hold_as_in_the_pages(personas, api):
    """Rules checked by full_clean (left before joined, duplicate SIRET) come back as field errors."""
    client = api("director_a")
    response = client.post(MEMBERS, {**NEW_MEMBER, "left_on": "2024-01-01"}, format="json")
    assert response.status_code == 400
    duplicate = {**NEW_MEMBER, "siret": personas.member_a1.siret}
    response = client.post(MEMBERS, duplicate, format="json")
    assert response.status_code == 400
    assert "SIRET" in str(response.json())
    # The same SIRET in another GE is fine.
    response = api("director_b").post(MEMBERS, duplicate, format="json")
    assert response.status_code == 201


@pytest.mark.django_db
def test_accountant_may_not_write(personas, api):
    client = api("accountant_a")
    assert client.post(MEMBERS, NEW_MEMBER, format="json").status_code == 403
    response = client.patch(member_url(personas.member_a1), {"name": "Autre"}, format="json")
    assert response.status_code == 403
    assert client.delete(member_url(personas.member_a1)).status_code == 403
    personas.member_a1.refresh_from_db()
    assert personas.member_a1.name == "Adhérent A1"
    assert personas.member_a1.archived_at is None


@pytest.mark.django_db
def test_other_group_objects_are_not_found(personas, api):
    client = api("director_b")
    assert client.get(member_url(personas.member_a1)).status_code == 404
    assert client.patch(member_url(personas.member_a1), {"name": "X"}, format="json").status_code == 404
    assert client.delete(member_url(personas.member_a1)).status_code == 404
    personas.member_a1.refresh_from_db()
    assert personas.member_a1.name == "Adhérent A1"


@pytest.mark.django_db
def test_update_and_archive(personas, api):
    client = api("director_a")
    response = client.patch(member_url(personas.member_a1), {"phone": "02 33 00 00 00"}, format="json")
    assert response.status_code == 200
    assert response.json()["phone"] == "02 33 00 00 00"
    assert client.delete(member_url(personas.member_a1)).status_code == 204
    personas.member_a1.refresh_from_db()
    assert personas.member_a1.archived_at is not None
    # Archived objects stay readable and can be filtered.
    assert client.get(member_url(personas.member_a1)).status_code == 200
    assert ids(client.get(MEMBERS, {"archived": "true"})) == {str(personas.member_a1.public_id)}
    assert ids(client.get(MEMBERS, {"archived": "false"})) == {str(personas.member_a2.public_id)}


@pytest.mark.django_db
def test_put_replaces_every_field(personas, api):
    data = {**NEW_MEMBER, "siret": personas.member_a2.siret, "name": "Nouveau nom"}
    response = api("planner_a").put(member_url(personas.member_a2), data, format="json")
    assert response.status_code == 200, response.json()
    personas.member_a2.refresh_from_db()
    assert personas.member_a2.name == "Nouveau nom"


@pytest.mark.django_db
def test_filters(personas, api):
    MemberFactory(group=personas.group_a, name="Mairie de Sées", public_body=True)
    client = api("director_a")
    assert [r["name"] for r in client.get(MEMBERS, {"kind": "public_body"}).json()["results"]] == [
        "Mairie de Sées"
    ]
    assert [r["name"] for r in client.get(MEMBERS, {"q": "sées"}).json()["results"]] == ["Mairie de Sées"]
    response = client.get(SITES, {"member": str(personas.member_a2.public_id)})
    assert ids(response) == {str(personas.site_a2.public_id)}
    assert client.get(MEMBERS, {"kind": "martien"}).status_code == 400


@pytest.mark.django_db
def test_site_is_created_only_for_a_member_of_the_same_group(personas, api):
    client = api("director_a")
    data = {"name": "Atelier", "city": "Alençon", "latitude": "48.43", "longitude": "0.09"}
    response = client.post(SITES, {**data, "member": str(personas.member_b1.public_id)}, format="json")
    assert response.status_code == 400
    assert "member" in response.json()
    assert not Site.objects.filter(name="Atelier").exists()
    response = client.post(SITES, {**data, "member": "pas-un-uuid"}, format="json")
    assert response.status_code == 400
    response = client.post(SITES, {**data, "member": str(personas.member_a2.public_id)}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["member"] == str(personas.member_a2.public_id)


@pytest.mark.django_db
def test_site_coordinates_rule(personas, api):
    data = {
        "name": "Atelier",
        "city": "Alençon",
        "latitude": "48.43",
        "member": str(personas.member_a1.public_id),
    }
    response = api("director_a").post(SITES, data, format="json")
    assert response.status_code == 400
    assert not Site.objects.filter(name="Atelier").exists()


@pytest.mark.django_db
def test_site_does_not_change_member(personas, api):
    response = api("director_a").patch(
        site_url(personas.site_a1), {"member": str(personas.member_a2.public_id)}, format="json"
    )
    assert response.status_code == 400
    assert "member" in response.json()


@pytest.mark.django_db
def test_archive_site(personas, api):
    assert api("planner_a").delete(site_url(personas.site_a1)).status_code == 204
    personas.site_a1.refresh_from_db()
    assert personas.site_a1.archived_at is not None


@pytest.mark.django_db
def test_list_query_count_does_not_grow(personas, api, django_assert_max_num_queries):
    client = api("director_a")
    for _ in range(5):
        MemberFactory(group=personas.group_a)
    with django_assert_max_num_queries(8):
        assert client.get(SITES).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(MEMBERS).status_code == 200


@pytest.mark.django_db
def test_unarchive_is_the_way_back(personas, api):
    client = api("director_a")
    url = member_url(personas.member_a1)
    assert client.delete(url).status_code == 204
    assert api("accountant_a").post(url + "unarchive/").status_code == 403
    assert api("director_b").post(url + "unarchive/").status_code == 404
    personas.member_a1.refresh_from_db()
    assert personas.member_a1.archived_at is not None
    response = client.post(url + "unarchive/")
    assert response.status_code == 200
    assert response.json()["archived_at"] is None
    assert AuditEvent.objects.filter(action="member.unarchived").count() == 1
