"""Benchmark runner: engine vs greedy first-fit on generated instances; prints a Markdown table."""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time

from mutualis.engine.bench.generator import generate, packing, staffing
from mutualis.engine.bench.upper import staffing_upper_bound
from mutualis.engine.bounds import bound, bounds_for
from mutualis.engine.checker import check
from mutualis.engine.compat import Prepared
from mutualis.engine.decompose import pieces
from mutualis.engine.heuristic import first_fit
from mutualis.engine.instance import parse_instance
from mutualis.engine.plan import build_plan
from mutualis.engine.solver import solve

GLOBAL_GREEDY_LIMIT = 2000
DEFAULT_LIMITS = {100: 10.0, 1000: 60.0, 10000: 600.0}


def greedy_plan(instance) -> dict:
    started = time.monotonic()
    prep = Prepared(instance)
    if prep.n <= GLOBAL_GREEDY_LIMIT:
        bins = first_fit(prep)
    else:
        # Above, a global first-fit is quadratic: run it on the engine's geographic pieces.
        bins = [b for piece in pieces(prep) for b in first_fit(prep, piece.needs, piece.employees)]
    lower = bound(prep)["lower_bound_positions"]
    positions = [(b.employee, list(b.entries)) for b in bins]
    return build_plan(prep, positions, "feasible", lower, time.monotonic() - started)


def placed_bound(instance, plan) -> int:
    """Lower bound for the needs this plan places: the meaningful reference for its positions."""
    prep = Prepared(instance)
    placed = {n for p in plan["positions"] for n in p["needs"]}
    return bounds_for(prep, [i for i, n in enumerate(instance.needs) if n.id in placed])[
        "lower_bound_positions"
    ]


def row(shape, size, seed, method, plan, seconds, problems, instance) -> dict:
    s = plan["stats"]
    lower = placed_bound(instance, plan)
    positions = s["positions"] or 1
    return {
        "shape": shape,
        "needs": size,
        "seed": seed,
        "method": method,
        "placed": f"{s['minutes_placed']} ({100 * s['minutes_placed'] / max(1, s['minutes_total']):.1f} %)",
        "minutes_placed": s["minutes_placed"],
        "positions": s["positions"],
        "full_time": s["full_time_positions"],
        "lower_bound": f"{s['lower_bound_positions']} / {lower}",
        "gap": f"{100 * (s['positions'] - lower) / positions:.0f} %",
        "members_per_position": f"{s['members_total'] / positions:.2f}",
        "travel_per_position": f"{s['travel_minutes'] / positions:.0f} min",
        "employees": s["employees_used"],
        "seconds": f"{seconds:.1f}",
        "valid": "yes" if not problems else f"NO ({len(problems)})",
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mutualis.engine.bench")
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--seeds", default="1,2,3", help="instances per size (10,000 needs: first seed only)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-shapes", dest="shapes", action="store_false", help="skip packing/staffing rows")
    parser.add_argument("--time-limit", type=float, help="seconds for every size (default 10/60/600)")
    parser.add_argument(
        "--no-upper", dest="upper", action="store_false", help="skip the (slow) staffing upper bound"
    )
    parser.add_argument(
        "--no-families", dest="families", action="store_false", help="skip the standard families"
    )
    parser.add_argument("--families-only", action="store_true", help="only the standard families table")
    parser.add_argument("--family-time-limit", type=float, default=8.0)
    parser.add_argument("--family-workers", type=int, default=2)
    parser.add_argument("--family-seeds", default="1,2")
    parser.add_argument(
        "--only", default="", help="families of the standard table to run, e.g. smptsp or uniform,triplets"
    )
    parser.add_argument("--distributed", type=int, default=0, help="needs for the scaling run (e.g. 100000)")
    parser.add_argument("--distributed-workers", default="1,2,4")
    parser.add_argument("--distributed-piece-seconds", type=float, default=5.0)
    args = parser.parse_args(argv)
    header = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        f"Command: python -m mutualis.engine.bench {' '.join(argv if argv is not None else sys.argv[1:])}",
        f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
    ]
    if args.families or args.families_only:
        from mutualis.engine.bench import standard

        seeds = tuple(int(x) for x in args.family_seeds.split(",") if x)
        frows = standard.run(
            args.family_time_limit,
            args.family_workers,
            seeds,
            only=tuple(x for x in args.only.split(",") if x),
            log=lambda m: print("  " + m, file=sys.stderr, flush=True),
        )
        print("\n".join(header))
        print(
            f"\nStandard families, {args.family_time_limit:.0f} s per instance, {args.family_workers} workers\n"
        )
        print(standard.table(frows))
        print()
    if args.distributed:
        from mutualis.engine.bench import scaling

        print("\n".join(header))
        print(scaling.table(scaling.run(args.distributed, [int(x) for x in args.distributed_workers.split(",")],
                                        args.distributed_piece_seconds)))  # fmt: skip
        print()
    if args.families_only or args.distributed:
        return 0
    rows = []
    seeds = [int(x) for x in args.seeds.split(",") if x]
    runs = [
        ("territory", int(x), seed)
        for x in args.sizes.split(",")
        if x
        for seed in (seeds if int(x) < 10000 else seeds[:1])
    ]
    if args.shapes:
        runs += [("packing", 1000, seed) for seed in seeds]
        runs += [("staffing", 2000, seeds[0]), ("staffing-surplus", 2000, seeds[0])]
    makers = {
        "territory": generate,
        "packing": packing,
        "staffing": staffing,
        "staffing-surplus": lambda size, seed: staffing(size, seed=seed, employees_ratio=0.6),
    }
    for shape, size, seed in runs:
        raw = makers[shape](size, seed=seed)
        instance = parse_instance(raw)
        upper = None
        if shape.startswith("staffing") and args.upper:
            started = time.monotonic()
            upper = staffing_upper_bound(Prepared(instance))
            print(f"  [{size}] upper bound {upper} in {time.monotonic() - started:.0f} s", file=sys.stderr)
        started = time.monotonic()
        greedy = greedy_plan(instance)
        rows.append(
            row(
                shape,
                size,
                seed,
                "greedy first-fit",
                greedy,
                time.monotonic() - started,
                check(instance, greedy),
                instance,
            )
        )
        limit = args.time_limit or (10.0 if shape == "packing" else DEFAULT_LIMITS.get(size, 60.0))
        started = time.monotonic()
        plan = solve(
            instance,
            time_limit=limit,
            workers=args.workers,
            progress=lambda phase, info, size=size: print(
                f"  [{size}] {phase}: {info}", file=sys.stderr, flush=True
            ),
        )
        seconds = time.monotonic() - started
        rows.append(
            row(
                shape,
                size,
                seed,
                f"engine ({limit:.0f} s limit)",
                plan,
                seconds,
                check(instance, plan),
                instance,
            )
        )
        if upper:
            for r in rows[-2:]:
                r["upper_bound_minutes"] = f"{upper} ({100 * r['minutes_placed'] / upper:.1f} % reached)"
        g, e = greedy["stats"], plan["stats"]
        rows[-1]["vs_greedy"] = (
            f"minutes x{e['minutes_placed'] / max(1, g['minutes_placed']):.2f}, "
            f"positions x{e['positions'] / max(1, g['positions']):.2f}"
        )
        print(f"  [{size}] done in {seconds:.1f} s", file=sys.stderr, flush=True)
    columns = [
        "shape", "needs", "seed", "method", "placed", "positions", "full_time", "lower_bound", "gap",
        "members_per_position", "travel_per_position", "employees", "upper_bound_minutes", "seconds", "valid",
        "vs_greedy",
    ]  # fmt: skip
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"Command: python -m mutualis.engine.bench {' '.join(argv if argv is not None else sys.argv[1:])}")
    print()
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for r in rows:
        print("| " + " | ".join(str(r.get(c, "")) for c in columns) + " |")
    return 0
