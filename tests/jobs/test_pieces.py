"""A consolidation split into pieces that several workers share: merge, leases, a killed worker."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from mutualis.engine import check
from mutualis.engine.bench.generator import generate
from mutualis.jobs import pieces
from mutualis.jobs.models import Job, JobPiece, PieceStatus
from mutualis.needs import engine_api
from tests import factories

ROOT = Path(__file__).resolve().parents[2]


def _instance():
    return generate(90, seed=4, employees_ratio=0.05)


@pytest.mark.django_db
def test_split_solve_merge_gives_one_valid_plan(settings):
    group = factories.EmployerGroupFactory()
    job = Job.objects.create(kind="test", group=group)
    instance = _instance()
    seen = []
    plan = engine_api.solve_distributed(
        job, instance, time_limit=1.5, seed=1, piece_size=30, progress=lambda d, t: seen.append((d, t))
    )
    assert check(instance, plan) == []
    total = JobPiece.objects.filter(job=job).count()
    assert total >= 3 and plan["stats"]["pieces"] == total
    assert seen[-1] == (total, total)
    assert JobPiece.objects.filter(job=job, status=PieceStatus.DONE).count() == total


@pytest.mark.django_db
def test_a_piece_whose_lease_ran_out_is_taken_again(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    group = factories.EmployerGroupFactory()
    job = Job.objects.create(kind="test", group=group)

    @pieces.register_piece("test.square")
    def square(payload):
        return {"value": payload["x"] ** 2}

    pieces.fan_out(job, "test.square", [{"x": 2}, {"x": 3}], lease_seconds=5)
    dead = JobPiece.objects.get(job=job, index=1)
    assert pieces.claim(dead.pk, worker="gone:1")
    assert not pieces.claim(dead.pk, worker="other:2")  # the lease holds
    JobPiece.objects.filter(pk=dead.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert pieces.gather(job, poll=0.01) == [{"value": 4}, {"value": 9}]
    dead.refresh_from_db()
    assert dead.attempts == 2 and dead.worker != "gone:1"


@pytest.mark.django_db
def test_a_piece_failing_every_time_fails_the_run(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    job = Job.objects.create(kind="test", group=factories.EmployerGroupFactory())

    @pieces.register_piece("test.broken")
    def broken(payload):
        raise RuntimeError("boom")

    pieces.fan_out(job, "test.broken", [{}], max_attempts=2)
    with pytest.raises(pieces.PieceFailed):
        pieces.gather(job, poll=0.01)
    assert JobPiece.objects.get(job=job).attempts == 2


def _database_url():
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two db_worker processes share PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_db_workers_share_a_run_and_survive_one_being_killed(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    group = factories.EmployerGroupFactory()
    job = Job.objects.create(kind="test", group=group)
    instance = _instance()
    subs, exact = engine_api.distributed.split(instance, 30)
    payloads = [{"instance": s, "time_limit": 4.0, "seed": 1} for s in subs]
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "MUTUALIS_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    cmd = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"]
    workers = [subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    workers.append(
        subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    )
    try:
        pieces.fan_out(job, engine_api.ENGINE_PIECE, payloads, lease_seconds=3)
        victim = workers[0].pid
        deadline = time.monotonic() + 90
        while not JobPiece.objects.filter(
            job=job, status=PieceStatus.RUNNING, worker__endswith=f":{victim}"
        ).exists():
            assert time.monotonic() < deadline, "the first worker never took a piece"
            time.sleep(0.1)
        killed = JobPiece.objects.get(job=job, status=PieceStatus.RUNNING, worker__endswith=f":{victim}")
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait()
        plans = pieces.gather(job, poll=0.2, timeout=180, help_locally=False)
        killed.refresh_from_db()
        assert killed.status == PieceStatus.DONE and killed.attempts >= 2
        assert killed.worker.endswith(f":{workers[1].pid}")
        plan = engine_api.distributed.merge(instance, plans, exact=exact)
        assert check(instance, plan) == []
        assert plan["stats"]["pieces"] == len(subs)
    finally:
        for w in workers:
            if w.poll() is None:
                w.send_signal(signal.SIGTERM)
                try:
                    w.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    w.kill()
