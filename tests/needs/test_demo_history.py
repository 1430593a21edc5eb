"""The demo GE has lived: a census campaign with answers and two consolidation runs (issue 11, item 3)."""

import pytest

from mutualis.needs.demo import seed_history, seed_needs
from mutualis.needs.models import CensusCampaign, ConsolidationRun, Position, RunStatus


@pytest.mark.django_db(transaction=True)
def test_seed_history_once(personas):
    seed_needs(personas.group_a, seed=1)
    assert seed_history(personas.group_a, log=lambda *_: None)
    campaign = CensusCampaign.objects.get(group=personas.group_a)
    assert campaign.declarations.count() == 3
    assert campaign.declarations.filter(confirmed_at__isnull=False).count() == 2
    runs = ConsolidationRun.objects.filter(group=personas.group_a)
    assert runs.count() == 2 and all(r.status == RunStatus.SUCCEEDED for r in runs)
    assert Position.objects.filter(group=personas.group_a).exists()
    assert not seed_history(personas.group_a, log=lambda *_: None)
