"""Import OR-Tools in a background thread while the pure-Python phases run.

OR-Tools (with the pandas it loads) takes about 0.6 s to import on an idle machine and several
seconds on a busy one. The dedicated algorithms start their construction at once and call
:func:`ready` before each CP-SAT phase: it waits for the import at most until the given deadline, and
the phase is skipped when the import is still running, so the time limit holds on a loaded machine.
"""

from __future__ import annotations

import importlib
import sys
import threading
import time

MODULE = "ortools.sat.python.cp_model"
_thread: threading.Thread | None = None
_lock = threading.Lock()


def start() -> None:
    global _thread
    with _lock:
        if _thread is not None or MODULE in sys.modules:
            return
        _thread = threading.Thread(target=importlib.import_module, args=(MODULE,), daemon=True)
        _thread.start()


def ready(deadline: float | None = None, margin: float = 0.3) -> bool:
    """Whether CP-SAT can be used now, waiting for the import until ``deadline - margin`` at most."""
    thread = _thread
    if thread is None:
        return True  # never started in the background: the caller imports it directly
    if thread.is_alive() and deadline is not None:
        thread.join(max(0.0, deadline - margin - time.monotonic()))
    return not thread.is_alive()
