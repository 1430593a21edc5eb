from decimal import Decimal

import pytest
from django.urls import reverse

from mutualis.core.models import AuditEvent
from mutualis.members import geocoding
from mutualis.members.models import Site
from tests.factories import MemberFactory, SiteFactory

pytestmark = pytest.mark.django_db


def _site_data(**overrides):
    data = {"name": "Atelier", "address": "3 rue des Lices", "postcode": "61000", "city": "Alençon"}
    data.update({"latitude": "", "longitude": ""})
    data.update(overrides)
    return data


def test_planner_creates_a_site_with_manual_coordinates(client, personas):
    client.force_login(personas.planner_a)
    url = reverse("members:site_create", args=[personas.member_a1.public_id])
    response = client.post(url, _site_data(latitude="48.43", longitude="0.0912"))
    site = Site.objects.get(name="Atelier")
    assert response["Location"] == reverse("members:site_detail", args=[site.public_id])
    assert site.member == personas.member_a1 and site.group == personas.group_a
    assert site.latitude == Decimal("48.430000")
    assert AuditEvent.objects.filter(action="site.created", target_id=str(site.public_id)).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"latitude": "48.4"}, "longitude"),
        ({"longitude": "0.1"}, "latitude"),
        ({"latitude": "95", "longitude": "0.1"}, "latitude"),
        ({"postcode": "610"}, "postcode"),
        ({"city": ""}, "city"),
    ],
)
def test_bad_site_input_names_the_field(client, personas, overrides, field):
    client.force_login(personas.director_a)
    url = reverse("members:site_create", args=[personas.member_a1.public_id])
    response = client.post(url, _site_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Site.objects.filter(name="Atelier").exists()


def test_geocode_button_fills_coordinates_without_saving(client, personas, monkeypatch):
    monkeypatch.setattr(
        geocoding, "get_geocoder", lambda: geocoding.StaticGeocoder({"Alençon": (48.4329, 0.0913)})
    )
    client.force_login(personas.director_a)
    url = reverse("members:site_create", args=[personas.member_a1.public_id])
    response = client.post(url, {**_site_data(address="", postcode=""), "geocode": "1"})
    assert response.status_code == 200
    form = response.context["form"]
    assert Decimal(form["latitude"].value()) == Decimal("48.4329")
    assert Decimal(form["longitude"].value()) == Decimal("0.0913")
    assert "Coordonnées trouvées" in response.content.decode()
    assert not Site.objects.filter(name="Atelier").exists()


def test_geocode_without_result_says_so_politely(client, personas):
    client.force_login(personas.director_a)
    url = reverse("members:site_create", args=[personas.member_a1.public_id])
    response = client.post(url, {**_site_data(), "geocode": "1"})
    assert response.status_code == 200
    assert "aucune coordonnée pour cette adresse" in response.content.decode()
    assert not Site.objects.filter(name="Atelier").exists()


def test_update_archive_unarchive_site(client, personas):
    client.force_login(personas.director_a)
    site = personas.site_a1
    response = client.post(
        reverse("members:site_update", args=[site.public_id]),
        _site_data(name="Siège", latitude="", longitude=""),
    )
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.name == "Siège" and site.latitude is None
    client.post(reverse("members:site_archive", args=[site.public_id]))
    site.refresh_from_db()
    assert site.archived_at is not None
    client.post(reverse("members:site_unarchive", args=[site.public_id]))
    site.refresh_from_db()
    assert site.archived_at is None


def test_accountant_cannot_write_sites(client, personas):
    client.force_login(personas.accountant_a)
    site = personas.site_a1
    assert client.get(reverse("members:site_detail", args=[site.public_id])).status_code == 200
    assert client.get(reverse("members:site_create", args=[personas.member_a1.public_id])).status_code == 403
    assert client.post(reverse("members:site_update", args=[site.public_id]), _site_data()).status_code == 403
    assert client.post(reverse("members:site_archive", args=[site.public_id])).status_code == 403
    site.refresh_from_db()
    assert site.archived_at is None and site.name != "Atelier"


def test_member_contact_reads_own_sites_only(client, personas):
    client.force_login(personas.contact_a1)
    response = client.get(reverse("members:site_detail", args=[personas.site_a1.public_id]))
    assert response.status_code == 200
    assert reverse("members:site_update", args=[personas.site_a1.public_id]) not in response.content.decode()
    assert client.get(reverse("members:site_detail", args=[personas.site_a2.public_id])).status_code == 404
    assert client.get(reverse("members:site_update", args=[personas.site_a1.public_id])).status_code == 404
    assert client.post(reverse("members:site_archive", args=[personas.site_a1.public_id])).status_code == 404
    assert client.get(reverse("members:sites")).status_code == 404


@pytest.mark.parametrize("role", ["employee_user_a", "partner_a", "observer_a", "outsider", "director_b"])
def test_others_get_404_on_sites(client, personas, role):
    client.force_login(personas[role])
    site = personas.site_a1
    assert client.get(reverse("members:site_detail", args=[site.public_id])).status_code == 404
    assert client.post(reverse("members:site_unarchive", args=[site.public_id])).status_code == 404


def test_site_list_filters_and_query_count(client, personas, django_assert_max_num_queries):
    for i in range(30):
        SiteFactory(member=MemberFactory(group=personas.group_a), city="Sées" if i % 2 else "Argentan")
    client.force_login(personas.director_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("members:sites"), {"city": "sées"})
    assert response.context["table"].paginator.count == 15
    response = client.get(reverse("members:sites"), {"member": str(personas.member_a1.public_id)})
    assert list(response.context["filter"].qs) == [personas.site_a1]
    # Another GE's member is not a valid choice: the filter is ignored, not leaked.
    response = client.get(reverse("members:sites"), {"member": str(personas.member_b1.public_id)})
    assert personas.site_b1 not in response.context["filter"].qs
