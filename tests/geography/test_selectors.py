from mutualis.geography import selectors


def test_containment_of_a_commune(geography):
    c = selectors.containment("61001")
    assert (c.commune, c.epci, c.department, c.region) == ("61001", "246100663", "61", "28")
    assert c.codes == {"61001", "246100663", "61", "28", "france"}


def test_an_arrondissement_is_inside_its_commune(geography):
    c = selectors.containment("69381")
    assert c.parent == "69123" and c.department == "69" and c.epci == c.epci  # Lyon's métropole
    assert {"69381", "69123", "69", "84", "france"} <= c.codes


def test_unknown_commune_has_no_containment(geography):
    assert selectors.containment("61999") is None


def test_search_by_name_ignores_accents_and_saint(geography):
    assert selectors.search_communes("alencon")[0].code == "61001"
    names = [c.name for c in selectors.search_communes("st germain du corb")]
    assert "Saint-Germain-du-Corbéis" in names


def test_search_by_postcode_and_code(geography):
    assert "61001" in [c.code for c in selectors.search_communes("61000")]
    assert selectors.search_communes("61001")[0].code == "61001"
    assert selectors.search_communes("") == []


def test_area_names(geography):
    names = selectors.area_names(["61001", "61", "246100663", "28", "france"])
    assert names["61001"] == "Alençon (61)"
    assert names["61"] == "Orne (61)"
    assert names["france"] == "France"
    assert "Alençon" in names["246100663"]


def test_nearest_commune(geography):
    assert selectors.nearest_commune(48.432, 0.092).code == "61001"
    assert selectors.nearest_commune(0.0, 0.0) is None


def test_in_france_includes_overseas(geography):
    assert selectors.in_france(48.43, 0.09)
    assert selectors.in_france(-21.1, 55.5)  # La Réunion
    assert not selectors.in_france(40.4, -3.7)  # Madrid


def test_outlines_by_bbox(geography):
    codes = {o.code for o in selectors.outlines("departement", bbox=(0.0, 48.4, 0.2, 48.5))}
    assert "61" in codes and "13" not in codes
