"""`manage.py rqworker`: django-rq's worker for `MUTUALIS_TASKS_BACKEND=rq`, which also reaps lost jobs.

Same options as django-rq's command (this app is listed before `django_rq`, so this one is found),
with django-tasks-rq's job class by default (it runs the `@task` functions of Django's tasks API) and
the queue `default` when none is named. Like our `db_worker`, it runs `jobs.services.reap()` at start
and every quarter of a lease from a daemon thread, so a job whose worker died is settled without a
page watching it (docs/hardening.md, docs/production.md).
"""

import threading

from django_rq.management.commands.rqworker import Command as RQWorkerCommand

from .db_worker import _reap_forever, reap_once

JOB_CLASS = "django_tasks_rq.backend.Job"


class Command(RQWorkerCommand):
    help = "Exécute les tâches de fond (file Redis) et remet en état celles dont le travailleur s'est arrêté."

    def handle(self, *args, **options):
        options["job_class"] = options.get("job_class") or JOB_CLASS
        reap_once()
        stop = threading.Event()
        threading.Thread(target=_reap_forever, args=(stop,), daemon=True, name="job-reaper").start()
        try:
            return super().handle(*(args or ("default",)), **options)
        finally:
            stop.set()
