"""A tiny task for the queue tests (tests/jobs/test_queue_at_scale.py): each run inserts one row keyed
by its task id into a table the test creates, with the worker's process id."""

import os
import time

from django.db import connection
from django_tasks import task

TABLE = "jobs_queue_probe"


@task(takes_context=True)
def record(context, key):
    time.sleep(0.01)  # a little work, so that the workers really overlap
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (task_id, key, pid) VALUES (%s, %s, %s)",
            [str(context.task_result.id), key, os.getpid()],
        )
