"""The daily expiry of job-exchange posts, as a django-tasks task (the command runs it too)."""

from django_tasks import task

from . import services


@task()
def expire_exchange_posts():
    return services.expire_posts()
