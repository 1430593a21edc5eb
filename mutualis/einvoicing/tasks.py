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


@task()
def sync_task(deposit_id):
    """After a webhook: read the deposit's statuses now (a PA error leaves it to the sweep)."""
    from . import services
    from .connector import PAError

    with contextlib.suppress(PAError):
        services.sync_one(deposit_id)
