"""Queue at scale (issue 17, item 12): each task runs exactly once with several real workers.

PostgreSQL only (the workers are separate processes sharing the test database). The database backend
(django-tasks-db, `manage.py db_worker`) with 4 workers; then the Redis backend (django-tasks-rq,
`manage.py rqworker`, `MUTUALIS_TASKS_BACKEND=rq`) with the same task code and 3 workers, skipped when
django-tasks-rq is not installed or no Redis answers on 127.0.0.1:6379. The wall time of each run is
printed (`-s`) for docs/production.md; nothing asserts on it.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from mutualis.demo.jobs import KIND as DEMO_KIND
from mutualis.jobs import services
from mutualis.jobs.models import JobStatus
from tests.jobs import queue_probe
from tests.jobs.test_pieces import _database_url

ROOT = Path(__file__).resolve().parents[2]
TASKS = 400
# A Redis database of its own per xdist worker (14, 13, …): each test empties its database.
_XDIST = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
REDIS_URL = os.environ.get("MUTUALIS_TEST_REDIS_URL", f"redis://127.0.0.1:6379/{14 - _XDIST % 8}")

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="worker processes share PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def probe_table():
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {queue_probe.TABLE}")
        cursor.execute(
            f"CREATE TABLE {queue_probe.TABLE} (task_id text NOT NULL, key int NOT NULL, pid int NOT NULL)"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {queue_probe.TABLE}")


def _rows():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT task_id, key, pid FROM {queue_probe.TABLE}")
        return cursor.fetchall()


def _run_workers(cmd, env, count):
    """Start `count` workers that drain the queue and exit; wait for all of them (bounded)."""
    started = time.monotonic()
    workers = [
        subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for _ in range(count)
    ]
    try:
        for worker in workers:
            _, err = worker.communicate(timeout=240)
            assert worker.returncode == 0, err[-2000:]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    return time.monotonic() - started


def _assert_each_ran_once(ids):
    rows = _rows()
    ran = {}
    for task_id, _key, _pid in rows:
        ran[task_id] = ran.get(task_id, 0) + 1
    twice = {task_id: n for task_id, n in ran.items() if n > 1}
    assert not twice, f"{len(twice)} tasks ran more than once"
    assert set(ran) == set(ids), f"{len(set(ids) - set(ran))} tasks never ran"
    assert sorted(key for _, key, _ in rows) == list(range(len(ids)))
    return {pid for _, _, pid in rows}


def test_database_backend_four_workers_take_each_task_once(settings, probe_table):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ids = [str(queue_probe.record.enqueue(key=i).id) for i in range(TASKS)]
    env = {**os.environ, "DATABASE_URL": _database_url(), "MUTUALIS_TASKS_BACKEND": "database"}
    cmd = [
        sys.executable,
        "manage.py",
        "db_worker",
        "--batch",
        "--no-reload",
        "--no-startup-delay",
        "--interval",
        "0.05",
    ]
    seconds = _run_workers(cmd, env, 4)
    pids = _assert_each_ran_once(ids)
    assert len(pids) >= 2, "one worker took every task: the workers did not overlap"
    print(f"\ndatabase backend: {TASKS} tasks, 4 workers ({len(pids)} took some), {seconds:.1f} s")


def _redis_or_skip():
    pytest.importorskip("django_tasks_rq")
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    return client


@pytest.fixture
def rq_settings(settings):
    """The Redis backend on a Redis database of its own (MUTUALIS_TEST_REDIS_URL), emptied before and
    after; the workers are started with the same settings through the environment."""
    client = _redis_or_skip()
    client.flushdb()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "MUTUALIS_TASKS_BACKEND": "rq",
        "MUTUALIS_REDIS_URL": REDIS_URL,
    }
    yield env
    client.flushdb()


RQ_WORKER = [sys.executable, "manage.py", "rqworker", "--burst"]


def test_rq_backend_three_workers_take_each_task_once(rq_settings, probe_table):
    ids = [str(queue_probe.record.enqueue(key=i).id) for i in range(TASKS)]
    seconds = _run_workers(RQ_WORKER, rq_settings, 3)
    pids = _assert_each_ran_once(ids)
    print(f"\nrq backend: {TASKS} tasks, 3 workers ({len(pids)} processes took some), {seconds:.1f} s")


def test_a_mutualis_job_runs_once_through_an_rq_worker(rq_settings, personas):
    """The same job code (`mutualis.jobs.tasks.run_job`, lease and all) on the Redis backend."""
    job = services.start_job(
        kind=DEMO_KIND, group=personas.group_a, owner=personas.director_a, params={"steps": 3, "delay": 0}
    )
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.task_id
    health = Client().get("/sante/").json()
    assert health["queue"] == {"ok": True, "backend": "redis", "waiting": 1, "oldest_waiting_minutes": 0}
    _run_workers(RQ_WORKER, rq_settings, 1)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 1 and job.progress == 100
    assert Client().get("/sante/").json()["queue"]["waiting"] == 0
