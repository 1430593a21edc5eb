"""The one place the application calls the consolidation engine (a pure library, see docs/engine.md)."""

import time

from django.conf import settings

import mutualis.engine as engine
from mutualis.engine import distributed
from mutualis.jobs import pieces

InstanceError = engine.InstanceError
ENGINE_PIECE = "engine.solve_piece"


def solve(instance, *, time_limit, seed=0, workers=1, progress=None, should_stop=None):
    return engine.solve(
        instance,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        progress=progress,
        should_stop=should_stop,
    )


def check(instance, plan):
    return engine.check(instance, plan)


def bound(instance):
    return engine.bound(instance)


def distribute_above():
    """Instances with more needs than this are solved across workers (setting, default 3,000)."""
    return getattr(settings, "MUTUALIS_ENGINE_DISTRIBUTE_ABOVE", 3000)


@pieces.register_piece(ENGINE_PIECE)
def _solve_piece(payload):
    return engine.solve(payload["instance"], time_limit=payload["time_limit"], seed=payload.get("seed"))


def solve_distributed(
    job, instance, *, time_limit, seed=0, progress=None, piece_size=None, lease_seconds=None
):
    """Split into independent sub-problems, solve each as a task on whichever worker takes it, merge,
    check. ``progress(done, total)`` after each poll. Raises ValueError if the merged plan is invalid."""
    started = time.monotonic()
    subs, exact = distributed.split(
        instance,
        piece_size or getattr(settings, "MUTUALIS_ENGINE_PIECE_SIZE", distributed.DEFAULT_PIECE_SIZE),
    )
    per_piece = min(float(time_limit), getattr(settings, "MUTUALIS_ENGINE_PIECE_SECONDS", 30.0))
    payloads = [{"instance": sub, "time_limit": per_piece, "seed": seed} for sub in subs]
    pieces.fan_out(
        job,
        ENGINE_PIECE,
        payloads,
        lease_seconds=lease_seconds or getattr(settings, "MUTUALIS_ENGINE_LEASE_SECONDS", 30),
    )
    plans = pieces.gather(job, progress=progress)
    plan = distributed.merge(instance, plans, exact=exact, seconds=time.monotonic() - started)
    problems = engine.check(instance, plan)
    if problems:
        raise ValueError(f"merged plan invalid: {problems[0]}")
    return plan
