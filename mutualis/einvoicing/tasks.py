"""Background tasks: deposit (retried with backoff by the sweep), status polling and « encaissée »."""

import contextlib

from django_tasks import task


@task()
def deposit_task(deposit_id):
    from . import services
    from .connector import PAError

    # On a PA error the deposit is left FAILED with its message: the sweep retries it later
    # (backoff by attempts); nothing else is blocked.
    with contextlib.suppress(PAError):
        services.deposit(deposit_id)


@task()
def sweep_task():
    from . import services

    return services.sweep()
