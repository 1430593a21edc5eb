"""Benchmark on the standard families: engine v2 vs the v1 pipeline vs a plain CP-SAT model.

Every instance is solved three ways in the same run, with the same time limit and workers:

* ``v2``: :func:`mutualis.engine.solve` (dedicated packing / staffing algorithms, proof stop);
* ``v1``: the general pipeline of contract v1 (``algorithm="general"``);
* ``cp-sat``: a plain CP-SAT model without construction nor hint (packing: one Boolean per item and
  bin, bins up to the first-fit-decreasing count, minimise bins used; staffing: one Boolean per need
  and eligible employee, one "at most one" per interval clique, maximise covered minutes then fewer
  employees in one weighted objective).

Reference value: the planted optimum (SMPTSP, triplets) or the best lower bound proved outside the
timed runs (other packing classes: the larger of L2 and the LP bound of the pattern model; reaching
it proves the optimum). Printed as a Markdown table plus a summary per method.
"""

from __future__ import annotations

import time

from mutualis.engine.bench.families import PACKING, smptsp
from mutualis.engine.checker import check
from mutualis.engine.compat import Prepared
from mutualis.engine.instance import parse_instance
from mutualis.engine.packing import first_fit_decreasing, lower_bound, lp_bound
from mutualis.engine.solver import solve

STAFFING_SIZES = (7, 15, 30, 60, 120, 340)  # planted optimum; about 6 tasks per worker: 40 to 2,100 tasks
PACKING_SIZES = {
    "uniform": (120, 250, 500),
    "triplets": (60, 120, 249),
    "scholl1": (50, 200, 500),
    "scholl2": (100, 1000),
}


def cases(seeds=(1,), quick=False):
    out = []
    for seed in seeds:
        for opt in STAFFING_SIZES[:3] if quick else STAFFING_SIZES:
            tightness = (0.95, 0.85, 0.75)[seed % 3]
            skilling = (0.3, 0.5, 0.2)[(seed + opt) % 3]
            inst, known = smptsp(opt, seed=seed, tightness=tightness, skilling=skilling)
            out.append(("smptsp", f"opt{opt}-t{tightness}-s{skilling}-#{seed}", inst, known))
        for family, sizes in PACKING_SIZES.items():
            for n in sizes[:2] if quick else sizes:
                inst, known = PACKING[family](n, seed=seed)
                out.append((family, f"{family}-{n}-#{seed}", inst, known))
    return out


def plain_cpsat(instance: dict, time_limit: float, workers: int) -> dict:
    """The plain model's plan (valid by construction, checked like the others)."""
    from ortools.sat.python import cp_model

    from mutualis.engine import staffing
    from mutualis.engine.plan import build_plan

    started = time.monotonic()
    prep = Prepared(parse_instance(instance))
    positions = []
    if prep.params.new_positions:
        sizes = [n.minutes for n in prep.instance.needs]
        cap = prep.params.max_weekly_minutes
        upper = len(first_fit_decreasing(sizes, cap, None))
        model = cp_model.CpModel()
        x = {(i, b): model.new_bool_var("") for i in range(len(sizes)) for b in range(upper)}
        y = [model.new_bool_var("") for _ in range(upper)]
        for i in range(len(sizes)):
            model.add_exactly_one(x[i, b] for b in range(upper))
        for b in range(upper):
            model.add(sum(sizes[i] * x[i, b] for i in range(len(sizes))) <= cap * y[b])
        model.minimize(sum(y))
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = time_limit
        solver.parameters.num_workers = workers
        if solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            for b in range(upper):
                entries = [(i, 0) for i in range(len(sizes)) if solver.boolean_value(x[i, b])]
                if entries:
                    positions.append((None, entries))
    else:
        data = staffing._Data(prep)
        employees = list(range(len(data.caps)))
        model, x, used, minutes = staffing._model(data, data.coverable, employees, {})
        model.maximize(minutes * (len(employees) + 1) - sum(used.values()))
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = time_limit
        solver.parameters.num_workers = workers
        if solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            by_emp = {}
            for (i, e), v in x.items():
                if solver.boolean_value(v):
                    by_emp.setdefault(e, []).append((i, 0))
            positions = sorted(by_emp.items())
    return build_plan(prep, positions, "feasible", 0, time.monotonic() - started)


def _value(family, plan):
    return plan["stats"]["employees_used"] if family == "smptsp" else plan["stats"]["positions"]


def reference_bound(parsed, seconds: float = 30.0) -> int:
    """The best lower bound we can prove, outside the timed runs: L2, or the LP of the pattern
    model by column generation (valid even when stopped early; often above L2 on Scholl's classes)."""
    sizes = [n.minutes for n in parsed.needs]
    capacity = parsed.params.max_weekly_minutes
    start = first_fit_decreasing(sizes, capacity, None)
    return max(
        lower_bound(sizes, capacity, None)[0],
        lp_bound(sizes, capacity, time.monotonic() + seconds, start),
    )


def run(time_limit=8.0, workers=2, seeds=(1,), quick=False, log=None, only=()):
    """``only``: the families to run (all when empty)."""
    rows = []
    for family, name, inst, known in cases(seeds, quick):
        if only and family not in only:
            continue
        parsed = parse_instance(inst)
        if known is None:
            known = reference_bound(parsed)
        prep = Prepared(parsed)
        coverable = {n.id for i, n in enumerate(parsed.needs) if prep.placeable(i)}
        row = {"family": family, "instance": name, "needs": len(parsed.needs), "reference": known}
        for method in ("v2", "v1", "cp-sat"):
            started = time.monotonic()
            if method == "cp-sat":
                plan = plain_cpsat(inst, time_limit, workers)
            else:
                plan = solve(
                    parsed,
                    time_limit=time_limit,
                    workers=workers,
                    algorithm="auto" if method == "v2" else "general",
                )
            seconds = time.monotonic() - started
            left_out = len(coverable & set(plan["unassigned"]))
            row[method] = {
                "value": _value(family, plan),
                "seconds": seconds,
                "valid": not check(parsed, plan),
                "left_out": left_out,
                "status": plan["status"],
            }
            if log:
                log(f"{name} {method}: {row[method]}")
        rows.append(row)
    return rows


def _ok(row, method):
    r = row[method]
    return r["valid"] and r["left_out"] == 0 and r["value"] <= row["reference"]


def table(rows) -> str:
    lines = [
        "| family | instance | needs | optimum or bound | v2 | v2 s | v2 status | v1 | cp-sat | valid (v2/v1/cp) | "
        "coverable left out (v2/v1/cp) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        v2, v1, cp = row["v2"], row["v1"], row["cp-sat"]
        lines.append(
            f"| {row['family']} | {row['instance']} | {row['needs']} | {row['reference']} | {v2['value']} | "
            f"{v2['seconds']:.1f} | {v2['status']} | {v1['value']} | {cp['value']} | "
            f"{'/'.join('yes' if r['valid'] else 'NO' for r in (v2, v1, cp))} | "
            f"{v2['left_out']}/{v1['left_out']}/{cp['left_out']} |"
        )
    lines.append("")
    lines.append("| method | at the optimum (all needs placed) | mean gap to optimum or bound (plans placing every coverable need) | invalid plans | "
                 "instances leaving a coverable need out | value / v1 value (mean ratio) |")  # fmt: skip
    lines.append("|---|---|---|---|---|---|")
    for method in ("v2", "v1", "cp-sat"):
        for label, subset in (("staffing", [r for r in rows if r["family"] == "smptsp"]),
                              ("packing", [r for r in rows if r["family"] != "smptsp"])):  # fmt: skip
            if not subset:
                continue
            hits = sum(_ok(r, method) for r in subset)
            complete = [r for r in subset if r[method]["left_out"] == 0 and r[method]["valid"]]
            gaps = [(r[method]["value"] - r["reference"]) / max(1, r["reference"]) for r in complete] or [0.0]
            ratios = [r[method]["value"] / max(1, r["v1"]["value"]) for r in subset]
            lines.append(
                f"| {method} ({label}) | {hits}/{len(subset)} ({100 * hits / len(subset):.0f} %) | "
                f"{100 * sum(gaps) / len(gaps):.2f} % | {sum(not r[method]['valid'] for r in subset)} | "
                f"{sum(r[method]['left_out'] > 0 for r in subset)} | {sum(ratios) / len(ratios):.3f} |"
            )
    return "\n".join(lines)
