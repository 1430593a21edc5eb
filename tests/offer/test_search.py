import pytest

from mutualis.geography.selectors import containment
from mutualis.offer import selectors
from mutualis.offer.enums import ServiceStatus
from mutualis.offer.models import Service

from . import files
from .helpers import import_services

pytestmark = pytest.mark.usefixtures("geography")

ARGENTAN = "61006"


def ids(hits):
    return [h.service.di_id for h in hits]


@pytest.fixture
def offer():
    where = containment(ARGENTAN)
    return import_services(
        files.service(id="t--epci", zone_eligibilite=[where.epci]),
        files.service(id="t--dept", zone_eligibilite=["61"]),
        files.service(id="t--france", zone_eligibilite=["france"]),
        files.service(id="t--other-dept", zone_eligibilite=["72"]),
        files.service(id="t--commune", zone_eligibilite=[ARGENTAN]),
        files.service(id="t--other-commune", zone_eligibilite=["61001"]),
    )


def test_a_commune_finds_services_whose_zone_is_its_epci_or_its_departement(offer):
    found = ids(selectors.search(commune=ARGENTAN))
    assert set(found) == {"t--epci", "t--dept", "t--france", "t--commune"}


def test_a_region_code_is_not_a_zone_code():
    # 28 is Normandy's région code and the Eure-et-Loir département: a zone « 28 » is the département.
    import_services(files.service(id="t--28", zone_eligibilite=["28"]))
    assert selectors.search(commune=ARGENTAN) == []


def test_results_are_sorted_by_distance(offer):
    Service.objects.filter(di_id="t--dept").update(latitude=48.745, longitude=-0.02)  # Argentan
    hits = selectors.search(commune=ARGENTAN)
    assert hits[0].service.di_id == "t--dept"
    assert hits[0].distance_km < 3
    assert all(a.distance_km <= b.distance_km for a, b in zip(hits, hits[1:], strict=False))


def test_a_service_without_zone_is_found_within_the_radius():
    import_services(files.service(id="t--nozone", zone_eligibilite=None))  # in Alençon, ~40 km away
    assert selectors.search(commune=ARGENTAN) == []
    assert ids(selectors.search(commune=ARGENTAN, radius_km=50)) == ["t--nozone"]


def test_filters(offer):
    Service.objects.filter(di_id="t--dept").update(
        thematiques=["mobilite--louer-un-vehicule"],
        publics=["jeunes"],
        frais="payant",
        type="aide-materielle",
    )
    assert ids(selectors.search(commune=ARGENTAN, categories=["mobilite"])) == ["t--dept"]
    assert ids(selectors.search(commune=ARGENTAN, thematiques=["mobilite--louer-un-vehicule"])) == ["t--dept"]
    assert ids(selectors.search(commune=ARGENTAN, publics=["jeunes"])) == ["t--dept"]
    assert ids(selectors.search(commune=ARGENTAN, frais="payant")) == ["t--dept"]
    assert ids(selectors.search(commune=ARGENTAN, types=["aide-materielle"])) == ["t--dept"]
    assert "t--dept" not in ids(selectors.search(commune=ARGENTAN, modes_accueil=["a-distance"]))


def test_only_published_services_are_found(offer):
    Service.objects.filter(di_id="t--dept").update(status=ServiceStatus.ARCHIVED)
    assert "t--dept" not in ids(selectors.search(commune=ARGENTAN))


def test_search_page_and_map_work_without_a_tile_server(client, offer, settings):
    settings.MUTUALIS_MAP_TILES_URL = ""
    response = client.get("/offre/", {"commune": ARGENTAN, "categorie": "numerique"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "4 services trouvés" in body
    assert 'data-tiles=""' in body
    assert "http://" not in body.split("<main", 1)[-1].replace("http://testserver", "")
