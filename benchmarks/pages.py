"""Server time of each daily page, one request at a time: `python -m benchmarks.pages`.

The CPU side of `make bench-web` without the load: with Django's test client (no network, no
gunicorn), logged in as the demo director switched to the GE under test (the insertion caseload as
the `referente`), it requests each page that `benchmarks/locustfile.py` walks `--repeat` times and
prints the median and minimum wall time, the median CPU time of the process (SQLite runs in it, so
the database's work is counted; the machine's other load is not) and the number of queries. The data are the demo
(`seed_demo`, the 60-employee GE) and the large one (`seed_demo --size large`, 1,000 employees) in a
SQLite file of its own, shared with `make bench-planning` (under the system's temporary directory,
kept between runs; `--fresh` rebuilds it). `--profile NAME` prints the cProfile of one page (its
locust name or a prefix of it). Nothing is written to the project's own database.
"""

import argparse
import cProfile
import datetime as dt
import io
import pstats
import statistics
import sys
import time
from pathlib import Path

from benchmarks import planning as planning_bench

# The pages of benchmarks/locustfile.py (same names), as functions of the context.
PAGES = (
    ("accueil (tableau de bord)", "director", lambda c: "/"),
    ("adhérents", "director", lambda c: "/adherents/"),
    ("salariés", "director", lambda c: "/salaries/"),
    ("planning semaine", "director", lambda c: f"/planning/semaine/?semaine={c['monday']}"),
    ("relevés du mois", "director", lambda c: f"/releves/mois/{c['month']}/"),
    ("factures", "director", lambda c: "/facturation/factures/"),
    ("offres (recrutement)", "director", lambda c: "/recrutement/"),
    ("portefeuille (insertion)", "referent", lambda c: "/insertion/"),
)
GROUPS = (("large", "ge-grand-demo"), ("normal", "ge-partage-orne"))
TARGET_MS = 60  # CPU per page so that 2 cores serve ~25 pages/s (docs/benchmarks.md)


def _referent_client():
    from django.test import Client

    from mutualis.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="referente"))
    return client


def _measure(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    get()  # warm-up: templates, caches of the process
    samples, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = get()
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = get()
    return {
        "median": statistics.median(samples),
        "min": min(samples),
        "cpu": statistics.median(cpu),
        "queries": len(queries),
        "kb": len(response.content) / 1024,
    }


def _profile(client, url, log):
    client.get(url)
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
    log(out.getvalue())
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
    log(out.getvalue())


def run(
    *,
    repeat=5,
    var_dir=planning_bench.DEFAULT_DIR,
    fresh=False,
    sizes=("large", "normal"),
    only=None,
    profile=None,
    log=print,
):
    planning_bench._setup(Path(var_dir), fresh)
    planning_bench._seed(log)
    from mutualis.demo import data

    monday = data.REFERENCE_DATE + dt.timedelta(days=14)
    monday -= dt.timedelta(days=monday.weekday())
    context = {
        "monday": f"{monday:%Y-%m-%d}",
        "month": (dt.date.today().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m"),
    }
    clients = {}
    for size, slug in GROUPS:
        if size in sizes:
            clients[(size, "director")] = planning_bench._client_for(slug)
    referent = _referent_client()
    if profile:
        for name, who, url in PAGES:
            if name.startswith(profile):
                client = referent if who == "referent" else clients[(sizes[0], who)]
                log(f"profile of {name} ({sizes[0]}): {url(context)}")
                _profile(client, url(context), log)
                return {}
        raise SystemExit(f"no page named {profile!r}")
    results = {}
    log(
        f"{repeat} requests a page (Django test client, SQLite in the process, DEBUG=0): median and min "
        f"wall time, median CPU time of the process (ms); target CPU < {TARGET_MS} ms"
    )
    log(f"{'page':28} {'demo':7} {'median':>7} {'min':>7} {'CPU':>7} {'queries':>8} {'KB':>6}")
    for name, who, url in PAGES:
        if only and not name.startswith(only):
            continue
        for size in sizes:
            if who == "referent" and size != sizes[0]:
                continue  # the referente's caseload is the same structure in both GEs
            client = referent if who == "referent" else clients[(size, who)]
            result = _measure(client, url(context), repeat)
            results[(name, size)] = result
            flag = "" if result["cpu"] < TARGET_MS else "  over"
            log(
                f"{name:28} {size:7} {result['median']:7.0f} {result['min']:7.0f} {result['cpu']:7.0f} "
                f"{result['queries']:8d} {result['kb']:6.0f}{flag}"
            )
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed requests per page (median)")
    parser.add_argument("--dir", default=str(planning_bench.DEFAULT_DIR), help="directory of the SQLite file")
    parser.add_argument("--fresh", action="store_true", help="rebuild the benchmark database")
    parser.add_argument("--size", default="large,normal", help="demos to measure: large, normal or both")
    parser.add_argument("--only", help="measure only the pages whose name starts with this")
    parser.add_argument("--profile", help="print the cProfile of one page (name or prefix) instead")
    args = parser.parse_args(argv)
    run(
        repeat=args.repeat,
        var_dir=args.dir,
        fresh=args.fresh,
        sizes=tuple(s for s in args.size.split(",") if s),
        only=args.only,
        profile=args.profile,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
