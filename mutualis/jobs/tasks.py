from django_tasks import task

from . import services


@task()
def run_job(job_id):
    services.execute(job_id)
