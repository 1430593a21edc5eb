"""`manage.py seed_demo`: what it writes, idempotence, --reset, --dry-run, the demo accounts."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from mutualis.accounts.models import User
from mutualis.accounts.roles import Role
from mutualis.core import journal
from mutualis.core.validators import validate_siret
from mutualis.demo import builder, data
from mutualis.employees.models import Contract, ContractKind, Employee
from mutualis.employer_groups.models import EmployerGroup
from mutualis.members.models import Member, MemberKind, Site
from mutualis.members.selectors import public_bodies_exceed_half

BASE_DIR = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def seed(*args, **options):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out, **options)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (EmployerGroup, Member, Site, Employee, Contract, User)
    }


def test_builds_the_main_group():
    output = seed()
    group = EmployerGroup.objects.get(slug="ge-partage-orne")
    assert group.name == "GE Partage Orne"
    assert group.invoice_prefix == "GPO"
    assert str(group.default_billing_coefficient) == "1.870"
    members = Member.objects.filter(group=group)
    assert members.count() == 80
    assert members.filter(kind=MemberKind.PUBLIC_BODY).count() == 4
    assert not public_bodies_exceed_half(group)
    contracts = Contract.objects.filter(group=group)
    assert Employee.objects.filter(group=group).count() == 60
    assert contracts.filter(kind=ContractKind.CDI).count() == 40
    assert "GE Partage Orne" in output and "empreinte" in output


def test_every_row_is_valid():
    seed()
    for member in Member.objects.all():
        validate_siret(member.siret)
        member.full_clean()
    for contract in Contract.objects.prefetch_related("potential_members", "places"):
        contract.full_clean()
        assert 2 <= len(contract.potential_members.all()) <= 4
        assert {s.member_id for s in contract.places.all()} == {
            m.pk for m in contract.potential_members.all()
        }


def test_sites_sit_inside_orne_and_sarthe():
    seed()
    box = data.ORNE_SARTHE_BOX
    sites = Site.objects.all()
    assert sites.count() > 80
    for site in sites:
        assert box["lat_min"] <= site.latitude <= box["lat_max"], site
        assert box["lon_min"] <= site.longitude <= box["lon_max"], site


def test_database_matches_the_plan():
    seed()
    for spec in data.SIZES["normal"]:
        group = EmployerGroup.objects.get(slug=spec.slug)
        assert builder.digest_rows(builder.group_rows(group)) == builder.make_plan(spec).digest()


def test_second_run_changes_nothing():
    seed()
    before = counts()
    updated = sorted(Member.objects.values_list("updated_at", flat=True))
    output = seed()
    assert counts() == before
    assert sorted(Member.objects.values_list("updated_at", flat=True)) == updated
    assert "existe déjà" in output


def test_dry_run_writes_nothing():
    output = seed(dry_run=True)
    assert EmployerGroup.objects.count() == 0
    assert User.objects.count() == 0
    assert "[simulation] GE Partage Orne : 80 adhérents (dont 4 personnes publiques)" in output


def test_reset_rebuilds_the_demo_groups_only(personas):
    seed()
    first = builder.digest_rows(builder.group_rows(EmployerGroup.objects.get(slug="ge-partage-orne")))
    output = seed(reset=True)
    assert "supprimé" in output
    group = EmployerGroup.objects.get(slug="ge-partage-orne")
    assert builder.digest_rows(builder.group_rows(group)) == first
    assert EmployerGroup.objects.filter(slug__in=["ge-a", "ge-b"]).count() == 2  # others untouched
    assert Member.objects.filter(group=personas.group_a).count() == 2


def test_reset_retires_a_group_the_journal_mentions():
    seed()
    group = EmployerGroup.objects.get(slug="ge-partage-orne")
    journal.record(action="test", actor_label="test", group=group)
    seed(reset=True)
    group.refresh_from_db()
    assert not group.is_active and group.slug.startswith("ge-partage-orne-archive-")
    assert EmployerGroup.objects.get(slug="ge-partage-orne").is_active


def test_every_demo_account_logs_in_with_its_documented_role(client):
    # One seeding for every account (seeding the whole demo is the slow part of this module).
    seed()
    for username in [a.username for a in data.ACCOUNTS]:
        user = User.objects.get(username=username)
        assert user.check_password(data.DEMO_PASSWORD), username
        client.force_login(user)
        response = client.get(reverse("home"))
        assert response.status_code == 200, username
        if username != "admin":
            assert "GE Partage Orne" in response.content.decode(), username
        client.logout()
    roles = {
        a.username: set(User.objects.get(username=a.username).memberships.values_list("group__slug", "role"))
        for a in data.ACCOUNTS
    }
    assert roles["directrice"] == {("ge-partage-orne", Role.DIRECTOR), ("ge-sport-sarthe", Role.PLANNER)}
    assert roles["admin"] == set()
    assert User.objects.get(username="admin").is_superuser
    for username, role in [("planificateur", Role.PLANNER), ("comptable", Role.ACCOUNTANT),
                           ("partenaire", Role.PARTNER), ("observateur", Role.OBSERVER)]:  # fmt: skip
        assert roles[username] == {("ge-partage-orne", role)}
    employee = User.objects.get(username="salarie").memberships.get().employee
    contract = employee.contracts.get()
    assert contract.kind == ContractKind.CDI
    assert contract.potential_members.count() == 3
    contact = User.objects.get(username="contact-adherent").memberships.get()
    assert contact.role == Role.MEMBER_CONTACT
    assert contract.potential_members.filter(pk=contact.member_id).exists()


def test_sport_group_is_small():
    seed()
    group = EmployerGroup.objects.get(slug="ge-sport-sarthe")
    assert Member.objects.filter(group=group).count() == 10
    assert Employee.objects.filter(group=group).count() == 5


def test_large_size_smoke_at_small_scale():
    output = seed(size="large", scale=0.05)
    group = EmployerGroup.objects.get(slug="ge-grand-demo")
    assert Member.objects.filter(group=group).count() == 20
    assert Employee.objects.filter(group=group).count() == 50
    assert not EmployerGroup.objects.filter(slug="ge-partage-orne").exists()
    assert "Grand GE de démonstration" in output


@pytest.mark.slow
def test_two_fresh_databases_get_the_same_data(tmp_path):
    """migrate + seed_demo in a brand-new SQLite file prints the digest of the in-process build."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(MUTUALIS_VAR_DIR=str(tmp_path), PYTHONHASHSEED="777")
    run = {"cwd": BASE_DIR, "env": env, "capture_output": True, "text": True, "check": True, "timeout": 300}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], **run)
    output = subprocess.run([sys.executable, "manage.py", "seed_demo"], **run).stdout
    seed()
    group = EmployerGroup.objects.get(slug="ge-partage-orne")
    digest = builder.digest_rows(builder.group_rows(group))[:16]
    assert re.search(rf"GE Partage Orne : empreinte des données {digest}\.", output), output
