"""Stop a running CP-SAT search when a `threading.Event` is set (the caller's cancel or time signal).

Free of OR-Tools imports, so the dedicated algorithms can use it before OR-Tools is loaded."""

from __future__ import annotations

import threading


class Stopper:
    """Context manager: while inside, a small thread polls ``event`` and stops ``solver`` when it is set."""

    def __init__(self, solver, event, poll: float = 0.05):
        self.solver = solver
        self.event = event
        self.poll = poll
        self.done = threading.Event()
        self.thread: threading.Thread | None = None

    def __enter__(self):
        if self.event is not None:
            self.done.clear()
            self.thread = threading.Thread(target=self._watch, daemon=True)
            self.thread.start()
        return self

    def _watch(self):
        while not self.done.wait(self.poll):
            if self.event.is_set():
                self.solver.stop_search()
                return

    def __exit__(self, *exc):
        if self.thread is not None:
            self.done.set()
            self.thread.join()
            self.thread = None
        return False


def solve(solver, model, event):
    """``solver.solve(model)``, stopped early when ``event`` is set."""
    with Stopper(solver, event):
        return solver.solve(model)
