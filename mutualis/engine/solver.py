"""Orchestration: validate, prepare, decompose, construct, improve with CP-SAT, assemble the plan.

Timing: everything finishes within ``time_limit`` (the contract allows +5 %): the constructive phase
gets at most a quarter of it, improvement rounds run until a reserve for assembling the plan, and
every CP-SAT call is capped by the time left.
"""

from __future__ import annotations

import importlib
import multiprocessing
import random
import sys
import threading
import time
from collections.abc import Callable

from mutualis.engine import heuristic
from mutualis.engine.bounds import bound as compute_bound
from mutualis.engine.compat import Bin, Prepared
from mutualis.engine.decompose import Piece, neighbourhoods, pieces, staffing_neighbourhoods
from mutualis.engine.explain import explain
from mutualis.engine.instance import Instance, parse_instance
from mutualis.engine.plan import build_plan

SUBPROBLEM_SIZE = 60
REPRODUCIBLE_ROUNDS = 3
# CP-SAT deterministic time granted per second of time limit in reproducible mode: conservative, so
# that the work is done before the wall clock even on a busy 2-core machine (measured ~0.2-0.5).
WORK_PER_SECOND = 0.35
TIME_FREE_SUBPROBLEM_SIZE = 200  # packing models have no pairwise constraints: larger groups pay
# Pure staffing: a few employees with their needs and the free needs they could take. Small groups
# are often solved to optimality in a fraction of a second, so many more of them fit in the time
# (measured: 20 needs per group placed about twice as many minutes per second as 60).
STAFFING_SUBPROBLEM_SIZE = 20

# OR-Tools (and the pandas it loads) takes ~0.6 s to import on an idle machine, several seconds on a
# busy one. It is imported only when improvement can run: before forking the workers when the limit
# leaves room for it, and never when less than IMPORT_MARGIN seconds are left for improving.
IMPORT_EARLY_LIMIT = 3.0
IMPORT_MARGIN = 0.8

# Worker processes are forked after these are set, so they inherit them instead of pickling.
_PREP: Prepared | None = None
_STOP = None


def _construct_task(args):
    needs, employees, deadline = args
    bins = heuristic.construct(_PREP, needs, employees, deadline)
    heuristic.fill_unassigned(_PREP, bins, needs, deadline=deadline)
    cut = time.monotonic() > deadline  # the construction may have left needs unseen
    if employees:
        heuristic.empty_light_employees(_PREP, bins, deadline=deadline)
    return [(b.employee, list(b.entries)) for b in bins], cut


def _cpsat():
    return importlib.import_module("mutualis.engine.cpsat")


def _cpsat_loaded() -> bool:
    return "mutualis.engine.cpsat" in sys.modules


def _improve_task(args):
    needs, employees, hint, deadline, seed, threads, work = args
    cpsat = _cpsat()
    left = deadline - time.monotonic()
    if left < 0.1 or (_STOP is not None and _STOP.is_set()):
        return hint, False
    res = cpsat.improve(
        _PREP, needs, employees, hint, left * 0.9, seed=seed, stop_event=_STOP, threads=threads, work=work
    )
    return res.positions, res.optimal


def objective_key(prep: Prepared, positions) -> tuple:
    """ENGINE.md order as a tuple to maximise."""
    needs = prep.instance.needs
    emp_minutes = new_minutes = emp_used = new_used = members = sites = 0
    for employee, entries in positions:
        if not entries:
            continue
        minutes = sum(needs[i].minutes for i, _ in entries)
        if employee is None:
            new_minutes += minutes
            new_used += 1
        else:
            emp_minutes += minutes
            emp_used += 1
        members += len({needs[i].member for i, _ in entries})
        sites += len({needs[i].site for i, _ in entries if needs[i].site is not None})
    return (emp_minutes, new_minutes, -emp_used, -new_used, -members, -sites)


def _valid_positions(prep: Prepared, positions) -> bool:
    """Re-check positions coming back from a worker with the incremental rules (cheap safety net)."""
    seen = set()
    for employee, entries in positions:
        b = Bin(prep, employee)
        for i, k in entries:
            if i in seen or not b.fits(i, k):
                return False
            seen.add(i)
            b.add(i, k)
        if not b.viable():
            return False
    return True


class _Runner:
    def __init__(self, workers: int):
        self.workers = workers
        self.pool = None
        if workers > 1:
            self.pool = multiprocessing.get_context("fork").Pool(workers)

    def map(self, fn, tasks, fallback=None, deadline: float | None = None):
        """Results in task order. With a pool and a ``deadline``, tasks not back in time get
        ``fallback(task)`` and the pool is terminated: a late CP-SAT call cannot delay the plan."""
        if self.pool is None or len(tasks) == 1:
            return [fn(t) for t in tasks]
        pending = [self.pool.apply_async(fn, (t,)) for t in tasks]
        results = []
        for task, job in zip(tasks, pending, strict=True):
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                results.append(job.get(timeout=wait))
            except multiprocessing.TimeoutError:
                results.append(fallback(task))
                self.terminate()
        return results

    def terminate(self):
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None

    def close(self):
        if self.pool is not None:
            self.pool.close()
            self.pool.join()


def solve(
    instance: dict | Instance,
    time_limit: float = 30.0,
    workers: int = 1,
    seed: int | None = None,
    progress: Callable[[str, dict], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    started_at: float | None = None,
    algorithm: str = "auto",
) -> dict:
    """Solve an instance; return the plan dict of ENGINE.md (plus ``explanations``).

    Raises :class:`InstanceError` on bad input. ``progress(phase, info)`` is called after each phase
    with the best plan so far summarised in ``info``; ``should_stop()`` returning true ends the run
    early with the best plan found. ``algorithm="general"`` skips the dedicated packing and staffing
    algorithms (the v1 pipeline, used as a baseline by the benchmark).
    """
    global _PREP, _STOP
    if started_at is None and float(time_limit) >= IMPORT_EARLY_LIMIT:
        _cpsat()  # library call: as when it was imported with this module, before the clock starts
    started = started_at if started_at is not None else time.monotonic()
    inst = instance if isinstance(instance, Instance) else parse_instance(instance)
    time_limit = max(0.5, float(time_limit))
    workers = max(1, int(workers))
    end = started + time_limit
    prep = Prepared(inst)
    reserve = 0.2 + 0.06 * time_limit + prep.n * 0.0005
    solve_end = end - reserve
    report = progress or (lambda phase, info: None)

    special = _special_solver(prep) if algorithm == "auto" else None
    if special is not None:
        # The dedicated algorithms assemble their plan in a few hundredths of a second (measured:
        # 0.05 s for 1,850 needs), so they keep a smaller reserve than the general pipeline.
        solve_end = end - (0.2 + 0.04 * time_limit + prep.n * 0.0002)
        return _solve_special(special, prep, started, end, solve_end, seed, report, should_stop, workers)

    lower = compute_bound(prep, deadline=started + 0.08 * time_limit)["lower_bound_positions"]
    parts = pieces(prep)
    if time_limit >= IMPORT_EARLY_LIMIT and prep.n:
        _cpsat()  # once, before the fork: the workers inherit it
    _PREP = prep
    _STOP = multiprocessing.get_context("fork").Event()
    # Fork the worker processes before starting any thread of ours.
    runner = _Runner(workers if len(parts) > 1 or prep.n > SUBPROBLEM_SIZE else 1)
    if should_stop is not None:
        threading.Thread(target=_watch, args=(should_stop, _STOP), daemon=True).start()
    # At the end of the solving window every CP-SAT call still running is told to stop.
    alarm = threading.Timer(max(0.0, solve_end - time.monotonic()), _STOP.set)
    alarm.daemon = True
    alarm.start()
    try:
        # Counted from now, not from the start: imports on a loaded machine must not starve it.
        # Even when start-up ate the budget, the heuristic gets 5 % of the limit to place what it can.
        now = time.monotonic()
        construct_end = now + max(0.05 * time_limit, min(0.25 * time_limit, solve_end - now))
        results = runner.map(_construct_task, [(p.needs, p.employees, construct_end) for p in parts])
        cut_short = False
        for piece, (positions, cut) in zip(parts, results, strict=True):
            piece.positions = positions
            cut_short |= cut
        report("construct", _summary(prep, parts, started))
        _improve(prep, parts, runner, solve_end, seed, report, started, time_limit)
    finally:
        alarm.cancel()
        _STOP.set()
        runner.close()
    status = "feasible"
    has_flexible = any(n.flexible is not None for n in inst.needs)
    if all(p.exact and p.proven for p in parts) and not has_flexible:
        status = "optimal"
    positions = [pos for p in parts for pos in p.positions]
    positions = _last_fill(
        prep, positions, deadline=end - 0.04 * time_limit - prep.n * 0.0003, build=cut_short
    )
    plan = build_plan(prep, positions, status, lower, time.monotonic() - started)
    plan["explanations"] = explain(prep, positions, deadline=end - 0.02 * time_limit)
    plan["explanations"]["families"] = position_families(prep, plan)
    plan["stats"]["solve_seconds"] = round(time.monotonic() - started, 3)
    report("done", _summary(prep, parts, started))
    return plan


def position_families(prep: Prepared, plan) -> dict[str, list[str]]:
    """Job families (ROME letter + two digits) each position spans, for the results page."""
    index = {n.id: k for k, n in enumerate(prep.instance.needs)}
    out = {}
    for pos in plan["positions"]:
        fams = sorted({f for n in pos["needs"] for f in prep.families[index[n]]})
        if fams:
            out[pos["id"]] = fams
    return out


def _special_solver(prep: Prepared):
    """The dedicated algorithm for the instance's family, or None for the general pipeline."""
    from mutualis.engine import packing, staffing

    if packing.applicable(prep):
        return packing
    if staffing.applicable(prep):
        return staffing
    return None


def _solve_special(module, prep: Prepared, started, end, solve_end, seed, report, should_stop, workers=1):
    """Pure packing or pure staffing: one dedicated algorithm over the whole instance, which stops
    as soon as its plan meets the lower bound on its objective (status ``optimal``). Staffing with
    several workers runs a portfolio above ``staffing.AT_BOUND_NEEDS`` needs (``_fork_variant``)."""
    from mutualis.engine import preload, staffing

    children = []
    stop = threading.Event()
    if module is staffing and workers > 1 and prep.n > staffing.AT_BOUND_NEEDS:
        # Above the exact model's size the search is Python and one-thread CP-SAT windows: the
        # other cores run variants. Smaller instances already use them inside CP-SAT.
        # Forked before any thread of ours starts; they share one stop signal with this process.
        ctx = multiprocessing.get_context("fork")
        stop = ctx.Event()
        for variant in range(1, workers):
            children.append(_fork_variant(ctx, module, prep, solve_end, seed, stop, variant))
    preload.start()  # OR-Tools loads in the background while the construction runs
    if should_stop is not None:
        threading.Thread(target=_watch, args=(should_stop, stop), daemon=True).start()
    alarm = threading.Timer(max(0.0, solve_end - time.monotonic()), stop.set)
    alarm.daemon = True
    alarm.start()
    try:
        if children:
            result = module.solve(prep, deadline=solve_end, seed=seed, stop=stop, variant=0)
            if result.proven:
                stop.set()  # the other variants end at once
            result = _best_of(prep, [result, *_collect(children, solve_end)])
        else:
            result = module.solve(prep, deadline=solve_end, seed=seed, stop=stop)
    finally:
        alarm.cancel()
        stop.set()
    status = "optimal" if result.proven else "feasible"
    positions = [(e, entries) for e, entries in result.positions if entries]
    plan = build_plan(prep, positions, status, result.lower_positions, time.monotonic() - started)
    plan["stats"].update(
        {
            "algorithm": module.NAME,
            "objective_bound": result.lower,
            "objective_bound_name": result.bound_name,
            "objective_bound_of": module.OBJECTIVE,
        }
    )
    plan["explanations"] = explain(prep, positions, deadline=end - 0.02 * (end - started))
    plan["explanations"]["families"] = position_families(prep, plan)
    plan["stats"]["solve_seconds"] = round(time.monotonic() - started, 3)
    placed = sum(prep.instance.needs[i].minutes for _, entries in positions for i, _ in entries)
    report(
        "done",
        {
            "positions": len(positions),
            "minutes_placed": placed,
            "elapsed": round(time.monotonic() - started, 2),
        },
    )
    return plan


def _fork_variant(ctx, module, prep, solve_end, seed, stop, variant):
    """Start one more variant of the dedicated search in a forked process (a portfolio: the variants
    differ in their random choices and their order of trying employees out, see
    ``staffing.solve``); it sends back its result and sets ``stop`` when it has proved it optimal."""
    receive, send = ctx.Pipe(duplex=False)

    def run():
        from mutualis.engine import preload

        preload.start()
        alarm = threading.Timer(max(0.0, solve_end - time.monotonic()), stop.set)
        alarm.daemon = True
        alarm.start()
        result = None
        try:
            result = module.solve(prep, deadline=solve_end, seed=seed, stop=stop, variant=variant)
            if result.proven:
                stop.set()
        finally:
            send.send(result)
            send.close()

    proc = ctx.Process(target=run, daemon=True)
    proc.start()
    send.close()
    return proc, receive


def _collect(children, solve_end: float) -> list:
    """The results of the forked variants (those back by a short grace after the solving window)."""
    out = []
    for proc, receive in children:
        try:
            if receive.poll(max(0.0, solve_end + 0.15 - time.monotonic())):
                found = receive.recv()
                if found is not None:
                    out.append(found)
        except (EOFError, OSError):
            pass
        finally:
            receive.close()
            proc.join(0.05)
            if proc.is_alive():
                proc.terminate()
                proc.join(0.05)
    return out


def _best_of(prep: Prepared, results: list):
    """Most minutes placed, then fewest employees, then proved, then the first variant."""

    def key(k):
        res = results[k]
        placed = sum(prep.instance.needs[i].minutes for _, entries in res.positions for i, _ in entries)
        used = sum(1 for _, entries in res.positions if entries)
        return (-placed, used, not res.proven, k)

    return results[min(range(len(results)), key=key)]


def _last_fill(prep: Prepared, positions, deadline: float, build: bool = False):
    """Insert leftover needs where they still fit; with ``build`` (the construction was cut short),
    give the rest positions of their own. Cheap, and keeps every rule. Without ``build`` nothing here
    depends on the clock in practice, which keeps seeded runs reproducible."""
    placed = {i for _, entries in positions for i, _ in entries}
    leftover = [i for i in range(prep.n) if i not in placed and prep.patterns[i]]
    if not leftover or time.monotonic() > deadline:
        return positions
    bins = []
    for employee, entries in positions:
        b = Bin(prep, employee)
        for i, k in entries:
            b.add(i, k)
        bins.append(b)
    heuristic.fill_unassigned(prep, bins, leftover, deadline=deadline)
    # What still fits nowhere (e.g. the construction ran out of time on a busy machine) gets idle
    # employees and, when allowed, new positions of its own.
    placed = {i for b in bins for i, _ in b.entries}
    leftover = [i for i in leftover if i not in placed]
    busy = {b.employee for b in bins if b.employee is not None and b.entries}
    idle = [e for e in range(len(prep.instance.employees)) if e not in busy]
    if build and leftover and time.monotonic() < deadline:
        bins += heuristic.construct(prep, leftover, idle, deadline)
    return [(b.employee, list(b.entries)) for b in bins if b.entries]


def _watch(should_stop, event):
    while not event.is_set():
        if should_stop():
            event.set()
            return
        time.sleep(0.1)


def _summary(prep, parts, started) -> dict:
    positions = [pos for p in parts for pos in p.positions if pos[1]]
    placed = sum(prep.instance.needs[i].minutes for _, entries in positions for i, _ in entries)
    return {
        "positions": len(positions),
        "minutes_placed": placed,
        "elapsed": round(time.monotonic() - started, 2),
    }


def _improve(prep, parts: list[Piece], runner: _Runner, solve_end, seed, report, started, time_limit):
    """Rounds of CP-SAT on neighbourhoods until the clock (or, with a seed, a planned amount of work)."""
    hard_end = solve_end + 0.02 * time_limit  # past this, late sub-problems are abandoned
    rng = random.Random(seed or 0)
    reproducible = seed is not None
    staffing = not prep.params.new_positions and bool(prep.instance.employees)
    if not _cpsat_loaded() and solve_end - time.monotonic() < IMPORT_MARGIN:
        return  # importing the solver would eat the time left: keep the constructed plan
    round_no = 0
    while time.monotonic() < solve_end - 0.1 and not _STOP.is_set():
        if reproducible and round_no >= REPRODUCIBLE_ROUNDS:
            break
        open_parts = [p for p in parts if not p.proven]
        if not open_parts:
            break
        tasks = []
        owners = []
        for piece in open_parts:
            size = TIME_FREE_SUBPROBLEM_SIZE if prep.time_free else SUBPROBLEM_SIZE
            if staffing:
                groups = staffing_neighbourhoods(
                    prep, piece, STAFFING_SUBPROBLEM_SIZE, rng, by_slack=round_no % 2 == 1
                )
            else:
                groups = neighbourhoods(prep, piece, size, rng, by_slack=round_no % 2 == 0)
            for needs, employees, hint in groups:
                whole = len(needs) == len(piece.needs) and len(employees) == len(piece.employees)
                # Staffing groups are small and many: one CP-SAT thread each keeps the cores busy.
                threads = 1 if staffing and runner.workers > 1 else 4
                tasks.append([needs, employees, hint, None, rng.randrange(1 << 30), threads, None])
                owners.append((piece, hint, whole))
        left = solve_end - time.monotonic()
        waves = -(-len(tasks) // runner.workers)
        # A lone sub-problem gets all the time left (it stops early once proved optimal); otherwise
        # aim at three rounds or more, so that neighbourhoods change, with 1.5 to 8 s per sub-problem.
        shortest = 0.4 if staffing else 1.5
        per_task = left if len(tasks) == 1 else min(8.0, max(shortest, left / waves / 3))
        for x, task in enumerate(tasks):
            wave = x // runner.workers
            task[3] = min(solve_end, time.monotonic() + per_task * (wave + 1))
        if len(tasks) == 1:
            tasks[0][5] = 8
        if reproducible:
            # Deterministic work budgets planned from the time limit alone (not from the clock), so
            # the same seed gives the same plan; the wall clock stays a safety net (docs/engine.md).
            rounds = 1 if len(tasks) == 1 else REPRODUCIBLE_ROUNDS
            work = WORK_PER_SECOND * 0.7 * time_limit * runner.workers / (len(tasks) * rounds)
            for task in tasks:
                task[3] = solve_end
                task[6] = max(0.05, work)
        results = runner.map(
            _improve_task, [tuple(t) for t in tasks], fallback=lambda t: (t[2], False), deadline=hard_end
        )
        by_piece: dict[int, list] = {}
        for (piece, hint, whole), (positions, optimal) in zip(owners, results, strict=True):
            keep = positions
            if objective_key(prep, positions) < objective_key(prep, hint) or not _valid_positions(
                prep, positions
            ):
                keep = hint
            by_piece.setdefault(id(piece), []).extend(keep)
            if whole and optimal and keep is positions:
                piece.proven = True
        for piece in open_parts:
            piece.positions = [p for p in by_piece.get(id(piece), []) if p[1]]
        round_no += 1
        report(f"improve round {round_no}", _summary(prep, parts, started))
