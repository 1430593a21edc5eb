"""A job through the real database backend and an in-process `db_worker`."""

import signal

import pytest
from django.core.management import call_command

from mutualis.jobs import registry, services
from mutualis.jobs.models import JobStatus
from tests import factories


@registry.register("test_worker_steps")
def _steps(job, progress):
    for step in range(1, 4):
        progress(step * 30, f"Étape {step}")
    return {"summary": "Fini."}


@pytest.fixture
def _keep_signal_handlers():
    """db_worker installs its own SIGINT/SIGTERM handlers; give pytest its own back."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.mark.django_db(transaction=True)
def test_job_runs_on_database_backend_worker(settings, _keep_signal_handlers):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    group = factories.EmployerGroupFactory()
    job = services.start_job(kind="test_worker_steps", group=group, label="Essai")
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert DBTaskResult.objects.filter(id=job.task_id).exists()

    call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0)

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.progress == 100
    assert job.result == {"summary": "Fini."}
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
