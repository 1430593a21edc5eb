import json

import pytest
from django.core.exceptions import ValidationError

from mutualis.offer import exchange, schema
from mutualis.offer.models import Service, ServiceZone, Structure

from . import files

pytestmark = pytest.mark.usefixtures("geography")


def test_a_file_built_from_the_package_examples_imports_cleanly():
    run, report = exchange.run_import(text=files.document(), name="offre.json", dry_run=False)
    assert report.errors == []
    assert report.counts["structures"]["created"] == 1
    assert report.counts["services"]["created"] == 1
    service = Service.objects.get()
    assert service.di_id == "emplois-de-linclusion--17"
    assert service.structure.di_id == files.structure()["id"]
    assert service.thematiques == ["numerique--acquerir-un-equipement"]
    assert set(ServiceZone.objects.values_list("code", flat=True)) == {"75056"}
    assert service.structure.organisation.siret == "13003013300016"


def test_quality_score_is_the_packages_own():
    exchange.run_import(text=files.document(), name="offre.json", dry_run=False)
    validated = schema.ServiceModel.model_validate(files.service())
    assert float(Service.objects.get().quality_score) == schema.quality_score(validated)


def test_reimporting_the_same_file_creates_nothing():
    exchange.run_import(text=files.document(), name="offre.json", dry_run=False)
    run, report = exchange.run_import(text=files.document(), name="offre.json", dry_run=False)
    assert report.counts["services"] == {
        "rows": 1,
        "valid": 1,
        "invalid": 0,
        "created": 0,
        "updated": 0,
        "unchanged": 1,
    }
    assert Structure.objects.count() == 1 and Service.objects.count() == 1


def test_a_changed_row_is_updated_in_place():
    exchange.run_import(text=files.document(), name="offre.json", dry_run=False)
    changed = files.document(services=[files.service(nom="Atelier posture professionnelle")])
    run, report = exchange.run_import(text=changed, name="offre.json", dry_run=False)
    assert report.counts["services"]["updated"] == 1
    assert Service.objects.get().nom == "Atelier posture professionnelle"


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_import_export_is_byte_for_byte_stable(fmt):
    exchange.run_import(text=files.document(), name="offre.json", dry_run=False)
    if fmt == "json":
        first = exchange.export_json()
        Service.objects.all().delete()
        Structure.objects.all().delete()
        exchange.run_import(text=first, name="export.json", dry_run=False)
        assert exchange.export_json() == first
    else:
        structures, services = exchange.export_csv("structures"), exchange.export_csv("services")
        Service.objects.all().delete()
        Structure.objects.all().delete()
        exchange.run_import(text=structures, name="structures.csv", dry_run=False)
        run, report = exchange.run_import(text=services, name="services.csv", dry_run=False)
        assert report.errors == []
        assert exchange.export_csv("structures") == structures
        assert exchange.export_csv("services") == services


def test_export_has_the_schemas_keys_in_the_schemas_order():
    exchange.run_import(text=files.document(), name="offre.json", dry_run=False)
    document = json.loads(exchange.export_json())
    assert list(document["services"][0]) == schema.SERVICE_FIELDS
    assert list(document["structures"][0]) == schema.STRUCTURE_FIELDS


def test_csv_files_of_the_package_examples_import():
    structures = files.as_csv([files.structure()])
    services = files.as_csv([files.service(zone_eligibilite=["61", "200068880"])])
    exchange.run_import(text=structures, name="structures.csv", dry_run=False)
    run, report = exchange.run_import(text=services, name="services.csv", dry_run=False)
    assert report.errors == []
    assert Service.objects.get().zone_eligibilite == ["200068880", "61"]


BAD_ROWS = [
    ({"thematiques": ["cuisine--faire-des-crepes"]}, "thematiques", "référentiel"),
    ({"publics": ["tous-publics", "femmes"]}, "publics", "tous-publics"),
    ({"date_maj": "2999-01-01"}, "date_maj", "futur"),
    ({"code_postal": "6100"}, "code_postal", "6100"),
    ({"code_insee": "99999"}, "code_insee", "99999"),
    ({"latitude": 40.7, "longitude": -74.0}, "latitude", "hors de France"),
    ({"zone_eligibilite": ["XYZ-1"]}, "zone_eligibilite", "XYZ-1"),
    ({"frais": "gratos"}, "frais", "gratos"),
    ({"structure_id": "inconnue--1"}, "structure_id", "inconnue"),
]


@pytest.mark.parametrize(("override", "field", "words"), BAD_ROWS)
def test_a_bad_service_row_is_reported_by_row_and_field(override, field, words):
    good = files.service(id="dora--bon")
    bad = files.service(**override)
    run, report = exchange.run_import(text=files.document(services=[good, bad]), name="f.json", dry_run=True)
    [error] = report.errors
    assert (error["kind"], error["row"], error["field"]) == ("services", 2, field)
    assert words in error["message"]
    assert "service n° 2" in error["text"]
    assert Service.objects.count() == 0 and Structure.objects.count() == 0


def test_bad_structure_siret_and_overseas_coordinates():
    overseas = files.structure(
        id="dora--reunion",
        siret="13003013300017",
        latitude=-21.1,
        longitude=55.5,
        code_insee=None,
        code_postal=None,
    )
    run, report = exchange.run_import(
        text=files.document(structures=[files.structure(), overseas], services=[]), name="f.json"
    )
    assert [(e["row"], e["field"]) for e in report.errors] == [(2, "siret")]


def test_duplicate_identifiers_are_reported():
    run, report = exchange.run_import(
        text=files.document(services=[files.service(), files.service()]), name="f.json"
    )
    [error] = report.errors
    assert error["row"] == 2 and error["field"] == "id" and "double" in error["message"]


def test_bad_rows_save_nothing_until_told_to_import_only_the_good_ones():
    text = files.document(
        services=[files.service(id="dora--bon"), files.service(id="dora--mauvais", frais="x")]
    )
    with pytest.raises(ValidationError, match="rien n'est importé"):
        exchange.run_import(text=text, name="f.json", dry_run=False)
    assert Service.objects.count() == 0 and Structure.objects.count() == 0
    run, report = exchange.run_import(text=text, name="f.json", dry_run=False, good_rows_only=True)
    assert list(Service.objects.values_list("di_id", flat=True)) == ["dora--bon"]
    assert report.counts["services"]["invalid"] == 1


def test_a_service_of_a_structure_in_error_is_in_error():
    text = files.document(structures=[files.structure(nom="X")], services=[files.service()])
    run, report = exchange.run_import(text=text, name="f.json")
    assert {(e["kind"], e["field"]) for e in report.errors} == {
        ("structures", "nom"),
        ("services", "structure_id"),
    }


def test_not_json_is_a_clear_error():
    with pytest.raises(ValidationError, match="JSON valide"):
        exchange.run_import(text="{nope", name="f.json")
