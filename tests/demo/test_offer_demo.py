import pytest

from mutualis.demo import insertion, offer
from mutualis.offer.enums import OrientationStatus
from mutualis.offer.models import Orientation, Service, Structure


@pytest.fixture
def geography(db):
    from mutualis.geography.loading import ensure_loaded

    ensure_loaded()


def test_the_demo_offer_has_every_state_and_seeds_once(geography):
    insertion.seed(log=lambda *a: None)
    offer.seed(log=lambda *a: None)
    assert Structure.objects.count() >= 40
    assert Service.objects.count() >= 120
    assert set(Orientation.objects.values_list("status", flat=True)) == set(OrientationStatus.values)
    assert Orientation.objects.filter(status=OrientationStatus.PENDING, reminded_at__isnull=False).exists()
    categories = {
        t.split("--")[0] for ts in Service.objects.values_list("thematiques", flat=True) for t in ts
    }
    assert len(categories) >= 14
    before = (Structure.objects.count(), Service.objects.count(), Orientation.objects.count())
    lines = []
    offer.seed(log=lines.append)
    assert (Structure.objects.count(), Service.objects.count(), Orientation.objects.count()) == before
    assert "0 créés, 0 modifiés" in lines[0]
