from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from mutualis.training import lheo
from mutualis.training.models import TrainingOffer, TrainingSession

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[3] / "shared" / "training" / "lheo-exemple-bts-onisep.xml"
if not EXAMPLE.exists():
    EXAMPLE = Path("/work/shared/training/lheo-exemple-bts-onisep.xml")


def _snapshot(group):
    rows = []
    for offer in TrainingOffer.objects.filter(group=group).order_by("number"):
        for action in offer.actions.order_by("number"):
            for s in action.sessions.order_by("number"):
                rows.append(
                    (
                        offer.number,
                        offer.title,
                        offer.certifying,
                        offer.formacodes,
                        offer.rome_codes,
                        offer.nsf_codes,
                        offer.certifications,
                        offer.body.siret,
                        offer.body.name,
                        offer.body.activity_number,
                        action.number,
                        action.hours,
                        action.price,
                        action.place,
                        action.distance,
                        s.number,
                        s.starts_on,
                        s.ends_on,
                    )
                )
    return rows


@pytest.mark.skipif(not EXAMPLE.exists(), reason="../shared/training/lheo-exemple-bts-onisep.xml absent")
def test_public_lheo_22_example_imports(personas):
    offers = lheo.import_catalogue(group=personas.group_a, data=EXAMPLE.read_bytes())
    assert len(offers) == 1
    offer = offers[0]
    assert offer.title == "BTS négociation et relation client"
    assert {"code": "34582", "ref": "V11"} in offer.formacodes
    assert offer.rome_codes == ["D1402", "D1403", "D1408"]
    assert offer.nsf_codes == ["312"]
    assert offer.body.siret == "19290076900014"
    session = TrainingSession.objects.get(group=personas.group_a)
    assert (session.starts_on.isoformat(), session.ends_on.isoformat()) == ("2015-09-01", "2017-08-31")
    # Importing twice updates, never duplicates.
    lheo.import_catalogue(group=personas.group_a, data=EXAMPLE.read_bytes())
    assert TrainingSession.objects.filter(group=personas.group_a).count() == 1


def test_export_then_import_gives_the_same_data(world):
    before = _snapshot(world.group_a)
    data = lheo.export_catalogue(TrainingOffer.objects.filter(group=world.group_a))
    assert b"http://lheo.gouv.fr/2.3" in data
    lheo.import_catalogue(group=world.group_b, data=data)
    assert _snapshot(world.group_b) == before


def test_unknown_code_is_refused_with_element_and_line(personas):
    data = EXAMPLE.read_bytes().replace(b"<code-ROME>D1403</code-ROME>", b"<code-ROME>ZZ99</code-ROME>")
    with pytest.raises(ValidationError) as exc:
        lheo.import_catalogue(group=personas.group_a, data=data)
    message = exc.value.messages[0]
    assert "<code-ROME>" in message and "ligne 10" in message and "ZZ99" in message
    assert not TrainingOffer.objects.exists()


def test_missing_mandatory_element_is_named(personas):
    data = (
        b'<?xml version="1.0"?>\n<lheo xmlns="http://lheo.gouv.fr/2.3"><offres>\n'
        b"<formation><domaine-formation/></formation></offres></lheo>"
    )
    with pytest.raises(ValidationError) as exc:
        lheo.import_catalogue(group=personas.group_a, data=data)
    assert (
        "intitule-formation" in exc.value.messages[0]
        or "organisme-formation-responsable" in exc.value.messages[0]
    )
    assert "ligne 3" in exc.value.messages[0]
