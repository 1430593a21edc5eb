"""Job kinds: each long operation registers a handler `handler(job, progress)`.

`progress(percent, message="")` saves the job's progress and raises JobCancelled
when someone asked to stop it; the handler returns a JSON-able result. A result
may carry a French `summary` sentence, which the job page shows first.
"""

_HANDLERS = {}
_LABELS = {}
_CANCEL_HOOKS = {}


class JobCancelled(Exception):
    pass


def register(kind, label=None, on_cancel=None):
    """Register `handler(job, progress)` for `kind`; `label` (lazy French text) names the kind in pages.

    `on_cancel(job)`, when given, runs if the job is cancelled before its handler started (a handler
    that is stopped midway sees JobCancelled raised by `progress` and tidies up itself).
    """

    def decorator(func):
        _HANDLERS[kind] = func
        if label is not None:
            _LABELS[kind] = label
        if on_cancel is not None:
            _CANCEL_HOOKS[kind] = on_cancel
        return func

    return decorator


def get_handler(kind):
    return _HANDLERS[kind]


def get_cancel_hook(kind):
    return _CANCEL_HOOKS.get(kind)


def get_label(kind):
    """The French name of a job kind, or the kind itself when none was registered."""
    return _LABELS.get(kind, kind)
