"""`/sante/`: the health check of a deployment (issue 17, item 11).

Public (a load balancer or a monitoring probe has no account), JSON, and it tells nothing about any
tenant: only whether the database answers and whether the task queue is reachable, with the number of
tasks waiting and the age of the oldest in minutes (a queue that stopped moving shows there). It answers
200 when everything is fine and 503 otherwise, never cached.
"""

import logging
import time

from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from mutualis.core.access import public

log = logging.getLogger(__name__)


def _database():
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


def _queue():
    from django.conf import settings

    backend = settings.TASKS["default"]["BACKEND"]
    if backend.startswith("django_tasks_rq."):
        return _redis_queue()
    if not backend.startswith("django_tasks_db."):
        return {"ok": True, "backend": backend.rsplit(".", 1)[-1]}
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.ready()
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return {
        "ok": True,
        "backend": "database",
        "waiting": waiting.count(),
        "oldest_waiting_minutes": int((timezone.now() - oldest).total_seconds() // 60) if oldest else None,
    }


@public
@require_GET
@never_cache
def health(request):
    checks = {}
    for name, check in (("database", _database), ("queue", _queue)):
        try:
            checks[name] = check()
        except Exception as exc:
            log.error("health check %s failed: %s", name, exc.__class__.__name__)
            checks[name] = {"ok": False}
    healthy = all(c["ok"] for c in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


def _redis_queue():
    """The same answer for the Redis backend (`MUTUALIS_TASKS_BACKEND=rq`): its `default` queue."""
    import datetime as dt

    import django_rq

    queue = django_rq.get_queue("default")
    first = queue.get_job_ids(0, 1)  # the oldest waiting job
    job = queue.fetch_job(first[0]) if first else None
    oldest = job.enqueued_at if job is not None else None
    if oldest is not None and timezone.is_naive(oldest):
        oldest = oldest.replace(tzinfo=dt.UTC)
    return {
        "ok": True,
        "backend": "redis",
        "waiting": queue.count,
        "oldest_waiting_minutes": int((timezone.now() - oldest).total_seconds() // 60) if oldest else None,
    }
