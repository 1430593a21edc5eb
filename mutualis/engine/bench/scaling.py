"""Scaling of a run split into independent sub-problems over 1, 2, 4… workers.

The same split and merge as the task-queue path (``mutualis.engine.distributed``, used by
``mutualis.jobs.pieces`` where each piece is a task any ``db_worker`` takes); here the workers are
local processes, so that the engine's benchmark needs no database. Ratios are wall-clock speed-ups
against one worker measured in the same run.
"""

from __future__ import annotations

import multiprocessing
import time

from mutualis.engine import check
from mutualis.engine.bench.generator import generate
from mutualis.engine.distributed import merge, split


def _solve(payload):
    from mutualis.engine import solve

    return solve(payload["instance"], time_limit=payload["time_limit"], seed=payload["seed"])


def run(n_needs: int, workers_list, piece_seconds: float = 5.0, seed: int = 1):
    instance = generate(n_needs, seed=seed, employees_ratio=0.01)
    started = time.monotonic()
    subs, exact = split(instance)
    split_seconds = time.monotonic() - started
    payloads = [{"instance": s, "time_limit": piece_seconds, "seed": seed} for s in subs]
    rows = []
    for workers in workers_list:
        started = time.monotonic()
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            plans = pool.map(_solve, payloads, chunksize=1)
        plan = merge(instance, plans, exact=exact)
        seconds = time.monotonic() - started
        problems = check(instance, plan)
        rows.append(
            {
                "needs": n_needs,
                "pieces": len(subs),
                "workers": workers,
                "split_s": split_seconds,
                "seconds": seconds,
                "placed": plan["stats"]["minutes_placed"],
                "positions": plan["stats"]["positions"],
                "valid": not problems,
            }
        )
    return rows


def table(rows) -> str:
    base = rows[0]["seconds"] if rows else 1.0
    lines = [
        "| needs | pieces | workers | split (s) | solve + merge (s) | speed-up vs 1 worker | minutes placed | positions | valid |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['needs']} | {r['pieces']} | {r['workers']} | {r['split_s']:.1f} | {r['seconds']:.1f} | "
            f"x{base / r['seconds']:.2f} | {r['placed']} | {r['positions']} | {'yes' if r['valid'] else 'NO'} |"
        )
    return "\n".join(lines)
