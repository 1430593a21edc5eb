"""Job kinds: each long operation registers a handler `handler(job, progress)`.

`progress(percent, message="")` saves the job's progress and raises JobCancelled
when someone asked to stop it; the handler returns a JSON-able result.
"""

_HANDLERS = {}


class JobCancelled(Exception):
    pass


def register(kind):
    def decorator(func):
        _HANDLERS[kind] = func
        return func

    return decorator


def get_handler(kind):
    return _HANDLERS[kind]
