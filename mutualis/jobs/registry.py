"""Job kinds: each long operation registers a handler `handler(job, progress)`.

`progress(percent, message="")` saves the job's progress and raises JobCancelled
when someone asked to stop it; the handler returns a JSON-able result. A result
may carry a French `summary` sentence, which the job page shows first.
"""

_HANDLERS = {}
_LABELS = {}
_CANCEL_HOOKS = {}
_LOST_HOOKS = {}
_IDEMPOTENT = set()


class JobCancelled(Exception):
    pass


def register(kind, label=None, on_cancel=None, on_lost=None, idempotent=False):
    """Register `handler(job, progress)` for `kind`; `label` (lazy French text) names the kind in pages.

    `on_cancel(job)`, when given, runs if the job is cancelled before its handler started (a handler
    that is stopped midway sees JobCancelled raised by `progress` and tidies up itself).

    `on_lost(job)` runs when the reaper found the job's worker dead (see services.reap): the job is
    then failed, cancelled (a cancel was asked) or queued again, and the hook gives the domain object
    (run, batch…) the matching state. `idempotent=True` declares that running the handler again after
    a worker died midway is harmless: such a job is queued again instead of failed.
    """

    def decorator(func):
        _HANDLERS[kind] = func
        if label is not None:
            _LABELS[kind] = label
        if on_cancel is not None:
            _CANCEL_HOOKS[kind] = on_cancel
        if on_lost is not None:
            _LOST_HOOKS[kind] = on_lost
        if idempotent:
            _IDEMPOTENT.add(kind)
        else:
            _IDEMPOTENT.discard(kind)
        return func

    return decorator


def get_handler(kind):
    return _HANDLERS[kind]


def get_cancel_hook(kind):
    return _CANCEL_HOOKS.get(kind)


def get_lost_hook(kind):
    return _LOST_HOOKS.get(kind)


def is_idempotent(kind):
    return kind in _IDEMPOTENT


def get_label(kind):
    """The French name of a job kind, or the kind itself when none was registered."""
    return _LABELS.get(kind, kind)
