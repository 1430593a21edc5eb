"""Command line: ``python -m mutualis.engine solve|check|bound`` (ENGINE.md)."""

from __future__ import annotations

import time

STARTED = time.monotonic()  # the time limit counts from here, before the heavy imports

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

from mutualis.engine.instance import InstanceError, load_instance, read_json  # noqa: E402


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be positive")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m mutualis.engine", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    solve = sub.add_parser("solve", help="build a plan")
    solve.add_argument("instance")
    solve.add_argument("-o", "--output", help="write the plan here instead of stdout")
    solve.add_argument("--time-limit", type=_positive_float, default=30.0, help="seconds (default 30)")
    solve.add_argument("--workers", type=_positive_int, default=1, help="parallel processes (default 1)")
    solve.add_argument(
        "--seed",
        type=int,
        help="make the run reproducible (planned deterministic work; without it, the engine uses all "
        "the time on every thread)",
    )
    check = sub.add_parser("check", help="validate a plan; exit 0 when valid, 1 otherwise")
    check.add_argument("instance")
    check.add_argument("plan")
    bound = sub.add_parser("bound", help="print lower bounds on positions")
    bound.add_argument("instance")
    return parser


def _emit(data, output: str | None) -> None:
    text = json.dumps(data, ensure_ascii=False)
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    else:
        sys.stdout.write(text + "\n")


def _progress(phase: str, info: dict) -> None:
    print(
        f"[{info['elapsed']:7.2f}s] {phase}: {info['positions']} positions, {info['minutes_placed']} min placed",
        file=sys.stderr,
        flush=True,
    )


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    started = STARTED
    try:
        instance = load_instance(args.instance)
        if args.command == "bound":
            from mutualis.engine.bounds import bound

            _emit(bound(instance), None)
            return 0
        if args.command == "check":
            from mutualis.engine.checker import check

            plan = read_json(args.plan, "plan")
            try:
                problems = check(instance, plan)
            except (TypeError, AttributeError, KeyError, ValueError) as error:
                raise InstanceError("plan", f"malformed plan ({type(error).__name__}: {error})") from None
            for line in problems:
                print(line)
            return 1 if problems else 0
    except InstanceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    from mutualis.engine.solver import solve

    try:
        plan = solve(
            instance,
            time_limit=args.time_limit,
            workers=args.workers,
            seed=args.seed,
            progress=_progress,
            started_at=started,
        )
    except Exception as error:  # the contract wants a valid plan, never a traceback
        print(
            f"error: internal failure ({type(error).__name__}: {error}); returning the empty plan",
            file=sys.stderr,
        )
        plan = _empty_plan(instance, time.monotonic() - started)
    try:
        _emit(plan, args.output)
    except OSError as error:
        print(f"error: output: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return 2
    return 0


def _empty_plan(instance, seconds: float) -> dict:
    from mutualis.engine.bounds import bound

    needs = instance.needs
    return {
        "version": 1,
        "status": "infeasible" if needs else "optimal",
        "positions": [],
        "unassigned": [n.id for n in needs],
        "stats": {
            "needs": len(needs),
            "minutes_total": sum(n.minutes for n in needs),
            "minutes_placed": 0,
            "positions": 0,
            "new_positions": 0,
            "viable_new_positions": 0,
            "full_time_positions": 0,
            "employees_used": 0,
            "lower_bound_positions": bound(instance)["lower_bound_positions"],
            "solve_seconds": round(seconds, 3),
        },
    }


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip the interpreter's slow teardown of OR-Tools/numpy: the plan is written, the clock counts.
    os._exit(code)
