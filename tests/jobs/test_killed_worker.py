"""`kill -9` of a real `db_worker` while it runs a job: the job is failed within its lease, and says so."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from mutualis.demo.jobs import KIND as DEMO_KIND
from mutualis.jobs import services
from mutualis.jobs.models import Job, JobStatus
from tests.jobs.test_pieces import _database_url

ROOT = Path(__file__).resolve().parents[2]
LEASE = 3


def _worker(env):
    cmd = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait(predicate, seconds, what):
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, what
        time.sleep(0.2)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="worker processes share PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_job_is_failed_by_the_next_worker_and_the_page_says_so(client, personas, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MUTUALIS_JOB_LEASE_SECONDS = LEASE
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "MUTUALIS_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "MUTUALIS_JOB_LEASE_SECONDS": str(LEASE),
    }
    job = services.start_job(
        kind=DEMO_KIND,
        group=personas.group_a,
        owner=personas.director_a,
        params={"steps": 100, "delay": 0.3},
    )
    victim = _worker(env)
    rescuer = None
    try:
        _wait(
            lambda: Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, progress__gt=0).exists(),
            90,
            "the worker never started the job",
        )
        job.refresh_from_db()
        first_beat = job.heartbeat_at
        time.sleep(1.5)  # the heartbeat thread and the progress reports renew it
        job.refresh_from_db()
        assert job.heartbeat_at > first_beat
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        killed_at = time.monotonic()
        rescuer = _worker(env)  # reaps at start, then every lease/4 seconds
        _wait(
            lambda: Job.objects.filter(pk=job.pk, status=JobStatus.FAILED).exists(),
            90,
            "the lost job was never failed",
        )
        assert time.monotonic() - killed_at < 120
        job.refresh_from_db()
        assert "s'est arrêté" in job.error and not job.cancel_requested
        client.force_login(personas.director_a)
        page = client.get(reverse("jobs:detail", args=[job.public_id])).content.decode()
        assert "Échec" in page and "le travailleur s&#x27;est arrêté" in page.lower()
    finally:
        for worker in (victim, rescuer):
            if worker is not None and worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
