"""`manage.py seed_demo`: what it writes, idempotence, --reset, the demo accounts.

Seeding the whole demo is the slow part: every test of this module shares one seeding, made once in an
outer transaction rolled back at the end (each test runs in its own savepoint inside it). The tests that
need an empty database are in `test_seed_demo_sizes.py`."""

import datetime as dt
import io
import shutil
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
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
from mutualis.planning import selectors
from mutualis.planning.demo import build_demo_assignments
from mutualis.planning.models import Assignment, AssignmentSlot

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo-seed")]


def seed(*args, **options):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory):
    """The seeding's own media folder and simulated e-invoicing platform (never var/)."""
    return tmp_path_factory.mktemp("demo-files")


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, demo_files):
    """The whole demo, seeded once for the module; its output is what the first run printed."""
    files = {"MEDIA_ROOT": demo_files / "media", "MUTUALIS_PA_SIMULATOR_STORE": demo_files / "pa.json"}
    with django_db_blocker.unblock(), override_settings(**files):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield seed()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path, demo_files):
    """Each test sees the seeded files; its own copy of the platform's store, as its database changes
    are rolled back."""
    settings.MEDIA_ROOT = demo_files / "media"
    store = demo_files / "pa.json"
    settings.MUTUALIS_PA_SIMULATOR_STORE = tmp_path / "pa.json"
    if store.exists():
        shutil.copy(store, tmp_path / "pa.json")


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (EmployerGroup, Member, Site, Employee, Contract, User)
    }


def test_builds_the_main_group(seeded):
    output = seeded
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


def test_every_row_is_valid(seeded):
    for member in Member.objects.all():
        validate_siret(member.siret)
        member.full_clean()
    for contract in Contract.objects.prefetch_related("potential_members", "places"):
        contract.full_clean()
        assert 2 <= len(contract.potential_members.all()) <= 4
        assert {s.member_id for s in contract.places.all()} == {
            m.pk for m in contract.potential_members.all()
        }


def test_sites_sit_inside_orne_and_sarthe(seeded):
    box = data.ORNE_SARTHE_BOX
    sites = Site.objects.all()
    assert sites.count() > 80
    for site in sites:
        assert box["lat_min"] <= site.latitude <= box["lat_max"], site
        assert box["lon_min"] <= site.longitude <= box["lon_max"], site


def test_database_matches_the_plan(seeded):
    for spec in data.SIZES["normal"]:
        group = EmployerGroup.objects.get(slug=spec.slug)
        assert builder.digest_rows(builder.group_rows(group)) == builder.make_plan(spec).digest()


def test_second_run_changes_nothing(seeded):
    before = counts()
    updated = sorted(Member.objects.values_list("updated_at", flat=True))
    output = seed()
    assert counts() == before
    assert sorted(Member.objects.values_list("updated_at", flat=True)) == updated
    assert "existe déjà" in output


def test_reset_rebuilds_the_demo_groups_only_and_retires_one_the_journal_mentions(seeded, personas):
    # One reset for both rules (a reset rebuilds the whole demo, the slow part).
    group = EmployerGroup.objects.get(slug="ge-partage-orne")
    first = builder.digest_rows(builder.group_rows(group))
    journal.record(action="test", actor_label="test", group=group)
    output = seed(reset=True)
    assert "supprimé" in output
    group.refresh_from_db()
    assert not group.is_active and group.slug.startswith("ge-partage-orne-archive-")
    rebuilt = EmployerGroup.objects.get(slug="ge-partage-orne")
    assert rebuilt.is_active
    assert builder.digest_rows(builder.group_rows(rebuilt)) == first
    assert EmployerGroup.objects.filter(slug__in=["ge-a", "ge-b"]).count() == 2  # others untouched
    assert Member.objects.filter(group=personas.group_a).count() == 2


def test_every_demo_account_logs_in_with_its_documented_role(seeded, client):
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


def test_sport_group_is_small(seeded):
    group = EmployerGroup.objects.get(slug="ge-sport-sarthe")
    assert Member.objects.filter(group=group).count() == 10
    assert Employee.objects.filter(group=group).count() == 5


def test_the_demo_plans_every_employee_with_two_to_four_members(seeded):
    group = EmployerGroup.objects.get(slug="ge-partage-orne")
    assignments = Assignment.objects.filter(group=group)
    per_employee = Counter(assignments.values_list("employee_id", flat=True))
    assert len(per_employee) >= 55  # one employee in 50 waits for an assignment
    assert set(per_employee.values()) <= {2, 3, 4}
    for assignment in assignments.select_related("site", "contract"):
        assignment.full_clean()
        assert assignment.contract.employee_id == assignment.employee_id
    assert AssignmentSlot.objects.filter(assignment__group=group).count() > 2 * len(per_employee)
    # Realistic: few violations, all of them the deliberate evening blocks.
    monday = dt.date(2026, 9, 7)
    found = selectors.check_employees(group=group, start=monday, end=monday + dt.timedelta(days=6))
    rules = Counter(v.rule_code for violations in found.values() for v in violations)
    assert set(rules) <= {"min_daily_rest_minutes", "max_daily_minutes", "break_after_minutes"}
    before = list(assignments.order_by("id").values_list("employee_id", "member_id", "site_id"))
    assert build_demo_assignments(group) == 0  # idempotent
    assert list(assignments.order_by("id").values_list("employee_id", "member_id", "site_id")) == before
