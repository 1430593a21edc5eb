"""Consolidation engine: part-time needs into shared positions, staffing with existing employees.

Pure Python on OR-Tools CP-SAT, no Django. See docs/engine.md and ENGINE.md (contract v1).

    from mutualis.engine import solve, check, bound, InstanceError
"""

from mutualis.engine.instance import InstanceError


def solve(instance, time_limit=30.0, workers=1, seed=None, progress=None, should_stop=None) -> dict:
    """Plan for ``instance`` (dict); see :func:`mutualis.engine.solver.solve`."""
    from mutualis.engine.solver import solve as _solve

    return _solve(
        instance,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        progress=progress,
        should_stop=should_stop,
    )


def check(instance, plan) -> list[str]:
    """Every violation of ``plan`` (dict) for ``instance`` (dict); empty when valid."""
    from mutualis.engine.checker import check as _check

    return _check(instance, plan)


def bound(instance) -> dict:
    """Lower bounds on the number of positions, without solving."""
    from mutualis.engine.bounds import bound as _bound
    from mutualis.engine.instance import parse_instance

    return _bound(parse_instance(instance) if isinstance(instance, dict) else instance)


__all__ = ["InstanceError", "bound", "check", "solve"]
