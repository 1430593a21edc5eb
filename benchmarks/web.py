"""Load benchmark of the web pages: `make bench-web` (python -m benchmarks.web).

On PostgreSQL (`--database-url`, default the database `mutualis_bench` on 127.0.0.1, created when
missing), with the normal demo (GE Partage Orne, 60 employees) and the large one (`seed_demo --size
large`: 1,000 employees) seeded once and kept between runs. It starts the production server (gunicorn
with `deploy/gunicorn.conf.py`, DEBUG=0, static files collected and served by whitenoise) on a free
loopback port, then runs locust headless (`benchmarks/locustfile.py`) four times, each bounded by
`--run-time` (45 s, logins included): the 60-employee demo then the large GE, at each number of users (`--users`, default 20
and 50). Real logins: `directrice`, director of both GEs, switched to the GE under test; one user in
ten is the insertion `referente`. It prints one table (median / p95 / p99 per page, large and normal,
and the ratio of the p95s) and checks the target p95 < 150 ms at the largest load for the large GE.
Traffic goes to 127.0.0.1 only, and everything it starts it stops.
"""

import argparse
import csv
import datetime as dt
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/mutualis_bench"
VAR_DIR = Path(tempfile.gettempdir()) / "mutualis-bench-web"
TARGET_P95_MS = 150
GROUPS = (("normal", "ge-partage-orne"), ("large", "ge-grand-demo"))
# The request names of benchmarks/locustfile.py, in the order of the table.
PAGES = (
    "accueil (tableau de bord)",
    "adhérents",
    "salariés",
    "planning semaine",
    "relevés du mois",
    "factures",
    "offres (recrutement)",
    "portefeuille (insertion)",
)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ensure_database(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _env(url, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MUTUALIS_"))}
    env.update(DATABASE_URL=url, MUTUALIS_VAR_DIR=str(VAR_DIR), **extra)
    return env


def _manage(env, *args, log):
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    log(f"  manage.py {' '.join(args)}: {time.perf_counter() - started:.0f} s")


def _prepare(url, log):
    """Migrate, seed both demos (once), collect the static files; return what the users need."""
    _ensure_database(url)
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    env = _env(url)
    _manage(env, "migrate", "--noinput", "-v", "0", log=log)
    os.environ.update(DATABASE_URL=url, MUTUALIS_VAR_DIR=str(VAR_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from mutualis.accounts.models import Membership
    from mutualis.demo import data
    from mutualis.employees.models import Employee
    from mutualis.employer_groups.models import EmployerGroup

    for size, slug in GROUPS:
        if not EmployerGroup.objects.filter(slug=slug).exists():
            _manage(env, "seed_demo", *(("--size", size) if size == "large" else ()), log=log)
    # Planner statistics as a production database has them (autovacuum analyses a table some time
    # after it changes): just after seeding there are none, and PostgreSQL guesses one employee per
    # GE (a 3-4 times slower plan for the filters and counts of the planning week).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # Collected as the production server serves them (DEBUG=0: compressed, hashed names, manifest);
    # again only when a static file changed since (compressing them all takes minutes here).
    manifest = VAR_DIR / "static" / "staticfiles.json"
    sources = [f for d in ROOT.glob("mutualis/**/static") for f in d.rglob("*") if f.is_file()]
    if not manifest.exists() or max(f.stat().st_mtime for f in sources) > manifest.stat().st_mtime:
        env_prod = _env(url, DJANGO_DEBUG="0", DJANGO_SECRET_KEY=secrets.token_urlsafe(48))
        _manage(env_prod, "collectstatic", "--noinput", "-v", "0", log=log)
    monday = data.REFERENCE_DATE + dt.timedelta(days=14)
    monday -= dt.timedelta(days=monday.weekday())
    month = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    memberships = {
        size: str(Membership.objects.get(group__slug=slug, user__username="directrice").public_id)
        for size, slug in GROUPS
    }
    employees = {size: Employee.objects.filter(group__slug=slug).count() for size, slug in GROUPS}
    return {
        "monday": f"{monday:%Y-%m-%d}",
        "month": month,
        "memberships": memberships,
        "employees": employees,
    }


def _start_server(url, port, log_file, server_settings=None):
    env = _env(
        url,
        **(server_settings or {}),
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(48),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_LOG_FORMAT="json",
        MUTUALIS_BIND=f"127.0.0.1:{port}",
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=log_file,
        stderr=log_file,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/sante/", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            _stop(server)
            raise SystemExit("the production server did not answer /sante/ (see its log)")
        time.sleep(0.5)


def _stop(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _locust(port, users, run_time, prefix, extra_env):
    cmd = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(ROOT / "benchmarks" / "locustfile.py"),
        "--headless",
        "--only-summary",
        "--users",
        str(users),
        "--spawn-rate",
        str(max(1, users // 4)),
        "--run-time",
        run_time,
        "--stop-timeout",
        "10",
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        str(prefix),
    ]
    subprocess.run(
        cmd,
        cwd=ROOT,
        env={**os.environ, **extra_env},
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=600,
    )
    stats = {}
    with open(f"{prefix}_stats.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row["Name"] == "Aggregated":
                continue
            stats[row["Name"]] = {
                "count": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "median": float(row["50%"]),
                "p95": float(row["95%"]),
                "p99": float(row["99%"]),
                "rps": float(row["Requests/s"]),
            }
    return stats


def _table(results, users_levels):
    lines = [
        "| page | users | 60 employees: median / p95 / p99 (ms) | 1,000 employees: median / p95 / p99 (ms) "
        "| p95 ratio | requests (large) | failures |",
        "|---|---|---|---|---|---|---|",
    ]
    pages = [*PAGES, "connexion"]
    for name in pages:
        for users in users_levels:
            normal = results[("normal", users)].get(name)
            large = results[("large", users)].get(name)
            if not normal or not large:
                continue
            ratio = large["p95"] / normal["p95"] if normal["p95"] else float("nan")
            lines.append(
                f"| {name} | {users} | {normal['median']:.0f} / {normal['p95']:.0f} / {normal['p99']:.0f} "
                f"| {large['median']:.0f} / {large['p95']:.0f} / {large['p99']:.0f} | x{ratio:.2f} "
                f"| {large['count']} | {normal['failures'] + large['failures']} |"
            )
    return "\n".join(lines)


def run(*, url=DEFAULT_URL, users_levels=(20, 50), run_time="45s", workers=None, threads=None, log=print):
    log(f"preparing {url} …")
    context = _prepare(url, log)
    port = _free_port()
    out = Path(tempfile.mkdtemp(prefix="mutualis-bench-web-"))
    log_path = out / "gunicorn.log"
    with open(log_path, "w") as log_file:
        # Another server setting than deploy/gunicorn.conf.py's defaults (cores + 1 workers × 1 thread).
        server_settings = {
            name: str(value)
            for name, value in (("MUTUALIS_WEB_WORKERS", workers), ("MUTUALIS_WEB_THREADS", threads))
            if value
        }
        server = _start_server(url, port, log_file, server_settings)
        try:
            load_before = os.getloadavg()
            results = {}
            for users in users_levels:
                for size, _slug in GROUPS:
                    log(f"locust: {size} demo, {users} users, {run_time} …")
                    results[(size, users)] = _locust(
                        port,
                        users,
                        run_time,
                        out / f"{size}-{users}",
                        {
                            "MUTUALIS_BENCH_MEMBERSHIP": context["memberships"][size],
                            "MUTUALIS_BENCH_MONDAY": context["monday"],
                            "MUTUALIS_BENCH_MONTH": context["month"],
                            "MUTUALIS_BENCH_USERS": str(users),
                        },
                    )
            load_after = os.getloadavg()
        finally:
            _stop(server)
    log("")
    log(
        f"{len(users_levels) * 2} locust runs of {run_time} against gunicorn on 127.0.0.1 (PostgreSQL {url.rsplit('/', 1)[1]}); "
        f"employees: {context['employees']}; planning week {context['monday']}, timesheets {context['month']}"
    )
    log(
        "gunicorn: "
        + (f"{workers} workers" if workers else "cores + 1 workers")
        + " × "
        + (f"{threads} threads" if threads else "1 thread")
    )
    log(
        f"load average before {load_before[0]:.1f}, after {load_after[0]:.1f} ({os.cpu_count()} cores); logs in {out}"
    )
    log("")
    log(_table(results, list(users_levels)))
    top = max(users_levels)
    slow = [
        name for name, s in results[("large", top)].items() if name in PAGES and s["p95"] >= TARGET_P95_MS
    ]
    failures = sum(s["failures"] for r in results.values() for s in r.values())
    log("")
    log(
        f"target p95 < {TARGET_P95_MS} ms at {top} users (large GE): "
        + ("OK" if not slow else "MISSED: " + ", ".join(slow))
    )
    log(f"failed requests: {failures}")
    return {"results": results, "slow": slow, "failures": failures}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("MUTUALIS_BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--users", default="20,50", help="numbers of simultaneous users, comma-separated")
    parser.add_argument("--run-time", default="45s", help="duration of each locust run (bounded)")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: deploy/gunicorn.conf.py)")
    parser.add_argument("--threads", type=int, help="gunicorn threads per worker (default: 1)")
    args = parser.parse_args(argv)
    levels = tuple(int(u) for u in args.users.split(",") if u)
    result = run(
        url=args.database_url,
        users_levels=levels,
        run_time=args.run_time,
        workers=args.workers,
        threads=args.threads,
    )
    return 0 if not result["slow"] and not result["failures"] else 1


if __name__ == "__main__":
    sys.exit(main())
