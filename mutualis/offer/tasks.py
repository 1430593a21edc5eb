"""Background task of the local offer (Django's tasks API): the daily orientation reminders and expiries.
`manage.py process_orientations` runs the same function from cron."""

from django_tasks import task

from . import services


@task()
def process_orientations():
    return services.process_due()
