"""Benchmark of the GE-wide planning week: `make bench-planning` (python -m benchmarks.planning).

Builds the demo data in a SQLite file of its own (under the system's temporary directory, kept
between runs; `--fresh` rebuilds it): the large GE (1,000 employees, their assignments) and the
normal demo (60 employees). Then, with Django's test client logged in as the demo director, it
times the GE-wide week page several times and prints the median server time and the number of
queries, for the large GE and for the 60-employee demo (baseline measured in the same run), and
the cost of the naive way for the same page of employees: one `employee_week` each (per-employee
expansion and full 12-week check). Nothing is written to the project's own database.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_DIR = Path(tempfile.gettempdir()) / "mutualis-bench-planning"


def _setup(var_dir, fresh):
    if fresh and var_dir.exists():
        for name in ("mutualis.sqlite3", "mutualis.sqlite3-wal", "mutualis.sqlite3-shm"):
            (var_dir / name).unlink(missing_ok=True)
    var_dir.mkdir(parents=True, exist_ok=True)
    os.environ["MUTUALIS_VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False


def _seed(log):
    from io import StringIO

    from django.core.management import call_command

    from mutualis.employer_groups.models import EmployerGroup

    call_command("migrate", "--noinput", verbosity=0)
    for size, slug in (("normal", "ge-partage-orne"), ("large", "ge-grand-demo")):
        if not EmployerGroup.objects.filter(slug=slug).exists():
            log(f"seed_demo --size {size} …")
            started = time.perf_counter()
            call_command("seed_demo", "--size", size, stdout=StringIO())
            log(f"  done in {time.perf_counter() - started:.1f} s")


def _client_for(slug):
    from django.test import Client

    from mutualis.accounts.middleware import SESSION_KEY
    from mutualis.accounts.models import Membership

    membership = Membership.objects.filter(group__slug=slug, user__username="directrice").first()
    client = Client()
    client.force_login(membership.user)
    session = client.session
    session[SESSION_KEY] = str(membership.public_id)
    session.save()
    return client


def _time(func, repeat):
    func()  # warm-up (template loading, holiday tables)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), min(samples), max(samples)


def _page(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    median, low, high = _time(get, repeat)
    with CaptureQueriesContext(connection) as queries:
        response = get()
    return {"median": median, "min": low, "max": high, "queries": len(queries), "response": response}


def run(*, repeat=7, var_dir=DEFAULT_DIR, fresh=False, log=print):
    _setup(Path(var_dir), fresh)
    _seed(log)
    import datetime as dt

    from django.urls import reverse

    from mutualis.demo import data
    from mutualis.employer_groups.models import EmployerGroup
    from mutualis.planning import selectors

    monday = data.REFERENCE_DATE + dt.timedelta(days=14)
    monday -= dt.timedelta(days=monday.weekday())
    url = f"{reverse('planning:group_week')}?semaine={monday:%Y-%m-%d}"
    large = _page(_client_for("ge-grand-demo"), url, repeat)
    normal = _page(_client_for("ge-partage-orne"), url, repeat)
    group = EmployerGroup.objects.get(slug="ge-grand-demo")
    total = selectors.group_employees(group, on=monday).count()
    employees = list(selectors.group_employees(group, on=monday)[: selectors.GROUP_PAGE_SIZE])
    for employee in employees:
        employee.group = group
    rows = selectors.group_week(group, monday, employees)["rows"]

    def naive():
        for employee in employees:
            selectors.employee_week(employee, monday)

    naive_median, *_ = _time(naive, max(1, repeat // 3))
    blocks = sum(len(day["blocks"]) for row in rows for day in row["days"])
    log("")
    log(f"GE-wide week of {monday:%Y-%m-%d}, median of {repeat} runs (Django test client, SQLite):")
    log(
        f"  large GE, page 1 of {total} employees "
        f"({len(rows)} rows, {blocks} blocks): {large['median']:.0f} ms "
        f"(min {large['min']:.0f}, max {large['max']:.0f}), {large['queries']} queries"
    )
    log(
        f"  baseline, 60-employee demo: {normal['median']:.0f} ms "
        f"(min {normal['min']:.0f}, max {normal['max']:.0f}), {normal['queries']} queries"
    )
    log(f"  ratio large / 60-employee demo: {large['median'] / normal['median']:.2f}")
    log(f"  naive (employee_week for each of the {len(rows)} employees): {naive_median:.0f} ms")
    log(f"  ratio naive / page: {naive_median / large['median']:.1f}")
    verdict = "OK" if large["median"] < 300 else "TOO SLOW"
    log(f"  target < 300 ms: {verdict}")
    return {"large": large, "normal": normal, "naive_ms": naive_median}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per page (median)")
    parser.add_argument("--dir", default=str(DEFAULT_DIR), help="directory of the benchmark's SQLite file")
    parser.add_argument("--fresh", action="store_true", help="rebuild the benchmark database")
    args = parser.parse_args(argv)
    result = run(repeat=args.repeat, var_dir=args.dir, fresh=args.fresh)
    return 0 if result["large"]["median"] < 300 else 1


if __name__ == "__main__":
    sys.exit(main())
