"""Background task of recruitment. django-tasks has no scheduler: a daily cron (or systemd timer)
runs `manage.py unpublish_stale_offers --wet-run`, or enqueues this task (docs/recruitment.md)."""

from django_tasks import task

from . import services


@task()
def unpublish_stale_offers():
    """Suspend the published offers not updated for 90 days; returns how many."""
    return len(services.unpublish_stale_offers())
