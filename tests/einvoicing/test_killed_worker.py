"""`kill -9` of a real `db_worker` while it deposits an invoice with the PA (the HTTP simulator running
as a server): after a restart the document is deposited exactly once (issue 19, « Done when »)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.db import connection

from mutualis.einvoicing import services
from mutualis.einvoicing.models import DepositState, StatusEvent
from mutualis.einvoicing.simulator_http import SimulatorServer
from mutualis.einvoicing.tasks import sweep_task
from tests.billing.conftest import month_lines
from tests.billing.test_documents import OCT, issued
from tests.jobs.test_pieces import _database_url

ROOT = Path(__file__).resolve().parents[2]


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
def test_worker_killed_while_sending_then_restarted_deposits_once(billing, hours, settings, tmp_path):
    key = Fernet.generate_key().decode()
    settings.MUTUALIS_SECRETS_KEY = key
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    store = tmp_path / "pa.json"
    server = SimulatorServer(("127.0.0.1", 0), store_path=store, client_id="ge-a", client_secret="secret")
    server.start()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "MUTUALIS_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "MUTUALIS_SECRETS_KEY": key,
    }
    victim = rescuer = None
    try:
        services.save_platform_settings(
            billing.group_a, data={"base_url": server.url, "client_id": "ge-a", "client_secret": "secret"}
        )
        hours(billing.group_a, OCT, month_lines(billing, OCT))
        invoice = issued(billing, None)
        server.hold.set()  # the PA keeps the file, then does not answer: the worker dies waiting
        deposit = services.request_send(invoice)  # queued for the workers on commit
        victim = _worker(env)
        _wait(lambda: len(server.pa.flows()) == 1, 120, "the worker never reached the platform")
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        server.hold.clear()
        server.release.set()
        deposit.refresh_from_db()
        assert deposit.state == DepositState.PENDING and not deposit.flow_id  # its transaction died with it
        rescuer = _worker(env)
        sweep_task.enqueue()  # the periodic pass (cron: manage.py einvoicing_sweep)
        _wait(
            lambda: StatusEvent.objects.filter(deposit__pk=deposit.pk, deposit__state="deposited").exists(),
            120,
            "the deposit was never completed after the restart",
        )
        flows = server.pa.flows()
        deposit.refresh_from_db()
        assert list(flows) == [deposit.flow_id]  # one flow at the PA, the one we recorded
        assert list(StatusEvent.objects.filter(deposit=deposit).values_list("code", flat=True)) == [200]
        assert ("POST", "/v1/flows", 409) in server.calls  # the retry met AlreadyExistingFlow
    finally:
        server.release.set()
        for worker in (victim, rescuer):
            if worker is not None and worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
        server.shutdown()
        server.server_close()
