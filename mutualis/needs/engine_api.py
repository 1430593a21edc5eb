"""The one place the application calls the consolidation engine (a pure library, see docs/engine.md)."""

import mutualis.engine as engine

InstanceError = engine.InstanceError


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
