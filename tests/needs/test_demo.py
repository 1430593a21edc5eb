import pytest
from django.core.management import call_command

from mutualis.needs.demo import seed_needs
from mutualis.needs.instance import build_instance, needs_for_instance
from mutualis.needs.models import Need
from tests.factories import MemberFactory, SiteFactory


@pytest.fixture
def group_with_members(personas):
    for _ in range(8):
        SiteFactory(member=MemberFactory(group=personas.group_a))
    return personas.group_a


@pytest.mark.django_db
def test_demo_needs_are_valid_deterministic_and_idempotent(group_with_members):
    created = seed_needs(group_with_members, seed=4)
    assert created >= 10
    first = sorted(Need.objects.values_list("job_title", "kind"))
    assert seed_needs(group_with_members, seed=4) == 0  # members with needs are skipped
    Need.objects.all().delete()
    seed_needs(group_with_members, seed=4)
    assert sorted(Need.objects.values_list("job_title", "kind")) == first
    from mutualis.engine.instance import parse_instance

    parse_instance(build_instance(needs_for_instance(Need.objects.all()))[0])


@pytest.mark.django_db
def test_command_runs_dry_unless_told(group_with_members, capsys):
    call_command("seed_demo_needs", "--group", group_with_members.slug)
    assert not Need.objects.exists()
    assert "simulation" in capsys.readouterr().out
    call_command("seed_demo_needs", "--group", group_with_members.slug, "--wet-run")
    assert Need.objects.exists()
