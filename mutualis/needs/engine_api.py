"""The one place the application calls the consolidation engine (a pure library, see docs/engine.md)."""

import types

import mutualis.engine as engine

InstanceError = engine.InstanceError


def _function(name):
    # `mutualis.engine.solve` is both a function of the package and a submodule name: once the
    # submodule is imported, the package attribute is the module. Accept both.
    value = getattr(engine, name)
    if isinstance(value, types.ModuleType):
        value = getattr(value, name)
    return value


def solve(instance, *, time_limit, seed=0, workers=1, progress=None, should_stop=None):
    return _function("solve")(
        instance,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        progress=progress,
        should_stop=should_stop,
    )


def check(instance, plan):
    return _function("check")(instance, plan)


def bound(instance):
    value = engine.bound
    if isinstance(value, types.ModuleType):  # the submodule's function takes a parsed instance
        from mutualis.engine.instance import parse_instance

        return value.bound(parse_instance(instance))
    return value(instance)
