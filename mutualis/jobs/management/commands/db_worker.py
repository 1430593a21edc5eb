"""`manage.py db_worker`: the database backend's worker, which also reaps the jobs of dead workers.

Same options as django-tasks-db's command (this app is listed before it, so this one is found). At
start, then every few seconds from a daemon thread, it runs `jobs.services.reap()`: a job whose
worker stopped beating (killed, machine lost) is failed, cancelled or queued again within
`MUTUALIS_JOB_LEASE_SECONDS` plus a few seconds, even when no page is watching it.
"""

import logging
import threading

from django.db import DatabaseError, connection
from django_tasks_db.management.commands.db_worker import Command as BackendWorkerCommand

from mutualis.jobs import services

logger = logging.getLogger("mutualis.jobs")


def reap_once():
    try:
        for job in services.reap():
            logger.warning("job %s (%s) lost its worker: now %s", job.pk, job.kind, job.status)
    except DatabaseError:
        logger.exception("reaping lost jobs failed; trying again later")
    finally:
        connection.close()


def _reap_forever(stop):
    while not stop.wait(max(1.0, services.lease_seconds() / 4)):
        reap_once()


class Command(BackendWorkerCommand):
    help = "Exécute les tâches de fond et remet en état celles dont le travailleur s'est arrêté."

    def handle(self, *args, **options):
        reap_once()
        stop = threading.Event()
        threading.Thread(target=_reap_forever, args=(stop,), daemon=True, name="job-reaper").start()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
