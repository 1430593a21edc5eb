from django_tasks import task

from . import services


@task()
def run_job(job_id):
    services.execute(job_id)


@task()
def run_piece(piece_id):
    from . import pieces

    pieces.run(piece_id)
