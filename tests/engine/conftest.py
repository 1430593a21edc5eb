"""Helpers to build tiny instances and to solve them with every plan checked."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from mutualis.engine import check, solve

DAY = 1440


def fixed(need_id, slots, member=None, site=None, skills=(), weeks=None):
    return {
        "id": need_id,
        "member": member or f"m_{need_id}",
        "skills": list(skills),
        **({"site": site} if site else {}),
        "slots": [{"start": s, "end": e} for s, e in slots],
        "weeks": weeks,
    }


def flexible(need_id, minutes, windows=None, member=None, low=None, high=None, skills=(), weeks=None):
    flex = {"weekly_minutes": minutes}
    if windows is not None:
        flex["windows"] = [{"start": s, "end": e} for s, e in windows]
    if low is not None:
        flex["min_block_minutes"] = low
    if high is not None:
        flex["max_block_minutes"] = high
    return {
        "id": need_id,
        "member": member or f"m_{need_id}",
        "skills": list(skills),
        "flexible": flex,
        "weeks": weeks,
    }


def instance(needs, employees=None, sites=None, **params):
    data = {"version": 1, "params": params, "needs": needs}
    if employees is not None:
        data["employees"] = employees
    if sites is not None:
        data["sites"] = sites
    return data


def solved(data, time_limit=2.0, **kwargs) -> dict:
    """Solve and assert the plan passes the independent checker."""
    plan = solve(data, time_limit=time_limit, **kwargs)
    assert check(data, plan) == []
    return plan


def together(plan, *need_ids) -> bool:
    """Whether all the given needs sit in one position."""
    return any(set(need_ids) <= set(p["needs"]) for p in plan["positions"])


@pytest.fixture
def h():
    """The helpers above, as a fixture (tests import nothing from conftest)."""
    return SimpleNamespace(
        DAY=DAY, fixed=fixed, flexible=flexible, instance=instance, solved=solved, together=together
    )
