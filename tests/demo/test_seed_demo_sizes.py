"""`manage.py seed_demo` on an empty database: --dry-run writes nothing, --size large at a small scale, and
a brand-new database in another process gets the data the plan describes."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from mutualis.accounts.models import User
from mutualis.demo import builder, data
from mutualis.employees.models import Employee
from mutualis.employer_groups.models import EmployerGroup
from mutualis.members.models import Member

BASE_DIR = Path(__file__).resolve().parents[2]


def seed(*args, **options):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_dry_run_writes_nothing():
    output = seed(dry_run=True)
    assert EmployerGroup.objects.count() == 0
    assert User.objects.count() == 0
    assert "[simulation] GE Partage Orne : 80 adhérents (dont 4 personnes publiques)" in output


@pytest.mark.django_db
def test_large_size_smoke_at_small_scale():
    output = seed(size="large", scale=0.05)
    group = EmployerGroup.objects.get(slug="ge-grand-demo")
    assert Member.objects.filter(group=group).count() == 20
    assert Employee.objects.filter(group=group).count() == 50
    assert not EmployerGroup.objects.filter(slug="ge-partage-orne").exists()
    assert "Grand GE de démonstration" in output


@pytest.mark.slow
def test_a_fresh_database_in_another_process_gets_the_planned_data(tmp_path):
    """migrate + seed_demo (a fifth of the size) in a brand-new SQLite file, with another hash seed,
    prints the digest of the plan computed here: the demo does not depend on the process."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(MUTUALIS_VAR_DIR=str(tmp_path), PYTHONHASHSEED="777")
    run = {"cwd": BASE_DIR, "env": env, "capture_output": True, "text": True, "check": True, "timeout": 600}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], **run)
    output = subprocess.run([sys.executable, "manage.py", "seed_demo", "--scale", "0.2"], **run).stdout
    spec = next(s for s in data.SIZES["normal"] if s.slug == "ge-partage-orne")
    digest = builder.make_plan(spec, scale=0.2).digest()[:16]
    assert re.search(rf"GE Partage Orne : empreinte des données {digest}\.", output), output
