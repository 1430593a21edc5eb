from mutualis.geography import loading
from mutualis.geography.models import Commune, Department, Epci, Outline, Postcode, Region


def test_every_commune_of_france_is_loaded(geography):
    assert Commune.objects.filter(kind="commune").count() > 34000
    assert Department.objects.count() >= 101  # and the overseas collectivities (975, 977…)
    assert Region.objects.count() >= 18
    assert Epci.objects.count() > 1200


def test_a_commune_carries_its_codes_and_centre(geography):
    alencon = Commune.objects.get(code="61001")
    assert alencon.name == "Alençon"
    assert (alencon.department_id, alencon.region_id, alencon.epci_id) == ("61", "28", "246100663")
    assert abs(alencon.latitude - 48.43) < 0.02 and abs(alencon.longitude - 0.09) < 0.02
    assert list(alencon.postcodes.values_list("code", flat=True)) == ["61000"]


def test_arrondissements_belong_to_their_commune(geography):
    assert Commune.objects.get(code="75101").parent_id == "75056"


def test_outlines_cover_every_department_and_the_demo_communes(geography):
    assert Outline.objects.filter(level="departement").count() == 101
    orne = Commune.objects.filter(department_id="61", kind="commune").count()
    assert Outline.objects.filter(level="commune", code__startswith="61").count() >= orne - 2


def test_loading_again_changes_nothing(geography):
    before = (Commune.objects.count(), Postcode.objects.count(), Outline.objects.count())
    assert loading.load_reference_data() == {}
    loading.load_reference_data(force=True)
    assert (Commune.objects.count(), Postcode.objects.count(), Outline.objects.count()) == before


def test_an_emptied_table_is_loaded_again(geography):
    Postcode.objects.all().delete()
    Commune.objects.all().delete()
    assert "cog" in loading.load_reference_data()
    assert Commune.objects.filter(code="61001").exists()
