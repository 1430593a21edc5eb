"""List pages run a fixed number of queries, whatever the number of rows (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mutualis.needs.models import ConsolidationRun, Position
from mutualis.needs.timeline import to_minutes
from tests.factories import MemberFactory, SiteFactory, SkillFactory
from tests.needs.factories import CensusCampaignFactory, CensusDeclarationFactory, NeedFactory


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_rows(personas, n, offset):
    skill = SkillFactory(code="K2204-q")
    for i in range(n):
        site = SiteFactory(member=MemberFactory(group=personas.group_a))
        need = NeedFactory(
            member=site.member,
            site=site,
            skills=[skill],
            slots=[(to_minutes(i % 5, 8), to_minutes(i % 5, 9))],
        )
        NeedFactory(member=site.member, site=site, flexible=True)
        run = ConsolidationRun.objects.create(group=personas.group_a, kpis={"needs": 1, "positions": 1})
        position = Position.objects.create(
            group=personas.group_a, run=run, title=f"Poste {offset + i}", weekly_minutes=60
        )
        position.members.add(site.member)
        position.needs.add(need)
        campaign = CensusCampaignFactory(group=personas.group_a)
        CensusDeclarationFactory(campaign=campaign)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["needs:list", "needs:runs", "needs:positions", "needs:campaigns"])
def test_list_pages_do_not_grow_with_rows(client, personas, name):
    client.force_login(personas.planner_a)
    add_rows(personas, 2, 0)
    few = count(client, reverse(name))
    add_rows(personas, 6, 10)
    assert count(client, reverse(name)) == few
