"""Generators of the standard instance families, written as engine instances (ENGINE.md).

* ``smptsp``: Shift Minimisation Personnel Task Scheduling in the style of Krishnamoorthy, Ernst &
  Baatar (2012): tasks with fixed start and end in a one-day horizon, workers qualified for a subset
  of the tasks (each task is its own skill). The optimum is planted: ``opt`` workers each get a chain
  of tasks over the horizon, so at some instant ``opt`` tasks run (the
  interval-depth lower bound is ``opt``) and the planted assignment uses ``opt`` workers. Chains
  start at different times and have breaks of 0 to 90 minutes between tasks, except that every
  planted worker is busy at mid-horizon (so the depth there is ``opt``). Every task
  is also qualified for each other worker with probability ``skilling`` (the multi-skilling level);
  ``tightness`` = ``opt`` / workers (1.0: every worker is needed).
* Bin packing (Falkenauer 1996, Scholl, Klein & Jürgens 1997): ``uniform`` (sizes uniform in
  [20, 100], capacity 150), ``triplets`` (capacity 1000, bins of exactly three items summing to
  1000: optimum n / 3), ``scholl1`` (capacity 100, 120 or 150, sizes in [1|20|30, 100]) and
  ``scholl2`` (capacity 1000, about 3 to 9 items per bin). Items are flexible needs without windows
  (pure packing); positions have ``max_weekly_minutes`` = capacity.
"""

from __future__ import annotations

import random

STAFFING_PARAMS = {
    "new_positions": False,
    "max_daily_minutes": None,
    "min_daily_rest_minutes": None,
    "max_weekly_minutes": None,
    "max_members_per_position": None,
}


def smptsp(opt: int, seed: int = 0, tightness: float = 0.9, skilling: float = 0.3, horizon: int = 1440):
    """Return ``(instance, optimum)``; about ``opt * horizon / 240`` tasks (mean length 4 h)."""
    rng = random.Random(seed)
    tasks = []  # (start, end, planted worker)
    middle = horizon // 2
    for w in range(opt):
        t = rng.randint(0, 120)  # shifts start at different times
        while t < horizon - 60:
            length = rng.randint(60, 420)
            end = min(horizon, t + length)
            if horizon - end < 60:
                end = horizon
            tasks.append((t, end, w))
            gap = rng.choice((0, 0, 15, 30, 60, 90))  # breaks between tasks
            if end <= middle < end + gap:
                gap = 0  # every planted worker is busy at mid-horizon: depth = opt there
            t = end + gap
    workers = max(opt, round(opt / tightness))
    rng.shuffle(tasks)
    perm = list(range(workers))
    rng.shuffle(perm)  # the planted workers are not the first ones
    skills: list[list[str]] = [[] for _ in range(workers)]
    needs = []
    for k, (s, e, w) in enumerate(tasks):
        code = f"t{k + 1}"
        needs.append(
            {"id": code, "member": f"m{k % 7 + 1}", "skills": [code], "slots": [{"start": s, "end": e}]}
        )
        for v in range(workers):
            if v == w or rng.random() < skilling:
                skills[perm[v]].append(code)
    employees = [{"id": f"w{v + 1}", "skills": skills[v]} for v in range(workers)]
    instance = {"version": 1, "params": dict(STAFFING_PARAMS), "needs": needs, "employees": employees}
    return instance, opt


def _packing(sizes: list[int], capacity: int) -> dict:
    params = {
        "max_weekly_minutes": capacity,
        "min_weekly_minutes": 0,
        "max_daily_minutes": None,
        "min_daily_rest_minutes": None,
        "max_members_per_position": None,
    }
    needs = [
        {"id": f"i{k + 1}", "member": f"m{k + 1}", "flexible": {"weekly_minutes": s}}
        for k, s in enumerate(sizes)
    ]
    return {"version": 1, "params": params, "needs": needs}


def uniform(n: int, seed: int = 0):
    rng = random.Random(seed)
    return _packing([rng.randint(20, 100) for _ in range(n)], 150), None


def triplets(n: int, seed: int = 0):
    """Falkenauer's triplets: n / 3 bins filled exactly (the optimum is known)."""
    rng = random.Random(seed)
    sizes = []
    for _ in range(n // 3):
        while True:
            a = rng.randint(380, 490)
            b = rng.randint(250, 1000 - a - 250)
            c = 1000 - a - b
            if 250 <= c < 500:
                break
        sizes += [a, b, c]
    rng.shuffle(sizes)
    return _packing(sizes, 1000), n // 3


def scholl1(n: int, seed: int = 0):
    rng = random.Random(seed)
    capacity = rng.choice((100, 120, 150))
    low = rng.choice((1, 20, 30))
    return _packing([rng.randint(low, 100) for _ in range(n)], capacity), None


def scholl2(n: int, seed: int = 0):
    rng = random.Random(seed)
    per_bin = rng.choice((3, 5, 7, 9))
    mean = 1000 // per_bin
    spread = rng.choice((0.2, 0.5, 0.9))
    lo, hi = max(1, int(mean * (1 - spread))), int(mean * (1 + spread))
    return _packing([rng.randint(lo, hi) for _ in range(n)], 1000), None


PACKING = {"uniform": uniform, "triplets": triplets, "scholl1": scholl1, "scholl2": scholl2}
