from django.db import transaction
from django.utils import timezone

from .models import Job, JobStatus
from .registry import JobCancelled, get_cancel_hook, get_handler


def start_job(*, kind, group, owner=None, label="", params=None):
    """Create a job record and enqueue it for a background worker (after the transaction commits)."""
    from .tasks import run_job

    job = Job.objects.create(kind=kind, group=group, owner=owner, label=label, params=params or {})

    def enqueue():
        result = run_job.enqueue(job_id=job.pk)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id))

    transaction.on_commit(enqueue)
    return job


def request_cancel(*, job):
    Job.objects.filter(pk=job.pk, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).update(
        cancel_requested=True
    )


def execute(job_id):
    """Run a job's handler, recording progress, result or error. Called by the worker task."""
    job = Job.objects.get(pk=job_id)
    if job.cancel_requested or job.is_finished:
        cancelled = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
            status=JobStatus.CANCELLED, finished_at=timezone.now()
        )
        hook = get_cancel_hook(job.kind)
        if cancelled and hook is not None:
            hook(job)
        return
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now(), progress=0)

    def progress(percent, message=""):
        percent = max(0, min(100, int(percent)))
        Job.objects.filter(pk=job.pk).update(progress=percent, message=str(message)[:250])
        if Job.objects.filter(pk=job.pk, cancel_requested=True).exists():
            raise JobCancelled()

    try:
        result = get_handler(job.kind)(job, progress)
    except JobCancelled:
        Job.objects.filter(pk=job.pk).update(status=JobStatus.CANCELLED, finished_at=timezone.now())
        return
    except Exception as exc:  # recorded on the job, shown to the user
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, error=f"{type(exc).__name__}: {exc}", finished_at=timezone.now()
        )
        raise
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.SUCCEEDED, progress=100, result=result or {}, finished_at=timezone.now()
    )
