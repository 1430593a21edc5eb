"""The feasibility study's map draws the places on the geography's outlines (no blank rectangle)."""

from mutualis.needs.report import places_map


def test_study_places_sit_on_commune_and_department_outlines(geography):
    instance = {
        "sites": [{"id": "s1", "lat": 48.4325, "lon": 0.0925}, {"id": "s2", "lat": 48.7444, "lon": -0.02}],
        "needs": [],
    }
    public = {"positions": [], "unassigned": []}
    places = places_map(instance, public, {})
    levels = {o["level"] for o in places["outlines"]}
    assert levels == {"commune", "departement"}
    assert len(places["points"]) == 2
    for point in places["points"]:
        assert 0 < point["x"] < places["width"] and 0 < point["y"] < places["height"]
