from django.urls import reverse


def test_outlines_are_geojson_for_anyone(client, geography):
    response = client.get(reverse("geography:outlines"), {"niveau": "departement", "codes": "61,72"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert [f["properties"]["code"] for f in data["features"]] == ["61", "72"]
    assert data["features"][0]["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_communes_of_a_department(client, geography):
    response = client.get(reverse("geography:outlines"), {"niveau": "commune", "departement": "61"})
    assert len(response.json()["features"]) > 300


def test_outlines_refuse_bad_input_in_french(client, geography):
    url = reverse("geography:outlines")
    assert client.get(url, {"niveau": "planete"}).status_code == 400
    assert "quatre nombres" in client.get(url, {"niveau": "departement", "bbox": "1,2"}).content.decode()
    assert client.get(url, {"niveau": "commune"}).status_code == 400


def test_commune_search_htmx_and_json(client, geography):
    url = reverse("geography:commune_search")
    page = client.get(url, {"q": "alenc", "cible": "id_commune"}).content.decode()
    assert 'data-code="61001"' in page and 'data-target="id_commune"' in page
    data = client.get(url, {"q": "alenc", "format": "json"}).json()
    assert data["results"][0]["code"] == "61001"
    assert "Aucune commune" in client.get(url, {"q": "zzzzzz"}).content.decode()


def test_api_communes(client, geography, personas):
    client.force_login(personas.director_a)
    data = client.get("/api/v1/geography/communes/61001/").json()
    assert data["epci"] == "246100663" and data["codes_postaux"] == ["61000"]
    found = client.get("/api/v1/geography/communes/", {"q": "alençon"}).json()
    assert found["results"][0]["code"] == "61001"
