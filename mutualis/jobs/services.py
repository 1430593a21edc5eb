"""Start, run, cancel, reap and restart background jobs.

A running job has a *lease* like the engine's pieces (pieces.py): the worker renews `heartbeat_at`
at every progress report and from a heartbeat thread every few seconds while the handler runs. A job
still « running » whose heartbeat is older than `MUTUALIS_JOB_LEASE_SECONDS` lost its worker
(`kill -9`, a machine gone): :func:`reap` fails it with a French message, cancels it when a cancel
was asked, or queues it again when its handler is declared idempotent (up to
`MUTUALIS_JOB_MAX_ATTEMPTS` runs). The reaper runs when a worker starts and every few seconds in
every worker (our `db_worker`), and when a progress page polls a job (:func:`reap_if_lost`).

`attempts` is the fencing token of a run: a run that was reaped (its worker only paused) writes
neither progress nor outcome any more.
"""

import contextlib
import threading
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Job, JobStatus
from .registry import JobCancelled, get_cancel_hook, get_handler, get_lost_hook, is_idempotent


def lease_seconds():
    return max(1, int(getattr(settings, "MUTUALIS_JOB_LEASE_SECONDS", 60)))


def max_attempts():
    return max(1, int(getattr(settings, "MUTUALIS_JOB_MAX_ATTEMPTS", 3)))


def beat_seconds():
    """How often a running job renews its heartbeat: six times per lease, at most every 10 s."""
    return max(0.2, min(10.0, lease_seconds() / 6))


def _enqueue(job):
    from .tasks import run_job

    def enqueue():
        result = run_job.enqueue(job_id=job.pk)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id))

    transaction.on_commit(enqueue)


def start_job(*, kind, group, owner=None, label="", params=None):
    """Create a job record and enqueue it for a background worker (after the transaction commits)."""
    job = Job.objects.create(kind=kind, group=group, owner=owner, label=label, params=params or {})
    _enqueue(job)
    return job


def request_cancel(*, job):
    """Ask a job to stop. A job still waiting for a worker is cancelled at once; a running one stops at
    its next progress report, or is cancelled by the reaper if its worker died."""
    Job.objects.filter(pk=job.pk, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).update(
        cancel_requested=True
    )
    cancelled = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.CANCELLED, finished_at=timezone.now()
    )
    hook = get_cancel_hook(job.kind)
    if cancelled and hook is not None:
        job.refresh_from_db()
        hook(job)


@transaction.atomic
def restart(*, job):
    """Queue a failed or cancelled job again (the « Relancer » of its run, batch or study): the same
    row, so every link to it stays valid. Returns True when it was queued again."""
    queued = Job.objects.filter(pk=job.pk, status__in=[JobStatus.FAILED, JobStatus.CANCELLED]).update(
        status=JobStatus.QUEUED,
        progress=0,
        message="",
        error="",
        result={},
        cancel_requested=False,
        started_at=None,
        finished_at=None,
        heartbeat_at=None,
        attempts=0,
    )
    if queued:
        _enqueue(job)
        job.refresh_from_db()
    return bool(queued)


def _heartbeat(job_id, attempt, stop):
    """Renew the job's heartbeat while its handler runs (own database connection)."""
    try:
        while not stop.wait(beat_seconds()):
            # A busy or unreachable database: the next beat tries again.
            with contextlib.suppress(DatabaseError):
                Job.objects.filter(pk=job_id, status=JobStatus.RUNNING, attempts=attempt).update(
                    heartbeat_at=timezone.now()
                )
    finally:
        connection.close()


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
    now = timezone.now()
    claimed = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, progress=0, attempts=F("attempts") + 1
    )
    if not claimed:  # someone else runs it (a duplicate task after a re-queue)
        return
    job.refresh_from_db()
    mine = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts)

    def progress(percent, message=""):
        percent = max(0, min(100, int(percent)))
        if not mine.update(progress=percent, message=str(message)[:250], heartbeat_at=timezone.now()):
            raise JobCancelled()  # reaped meanwhile: another run (or nobody) owns the job now
        if Job.objects.filter(pk=job.pk, cancel_requested=True).exists():
            raise JobCancelled()

    stop = threading.Event()
    beat = threading.Thread(target=_heartbeat, args=(job.pk, job.attempts, stop), daemon=True)
    beat.start()
    try:
        result = get_handler(job.kind)(job, progress)
    except JobCancelled:
        mine.update(status=JobStatus.CANCELLED, finished_at=timezone.now())
        return
    except Exception as exc:  # recorded on the job, shown to the user
        mine.update(status=JobStatus.FAILED, error=f"{type(exc).__name__}: {exc}", finished_at=timezone.now())
        raise
    finally:
        stop.set()
        beat.join()
    mine.update(status=JobStatus.SUCCEEDED, progress=100, result=result or {}, finished_at=timezone.now())


def _lost(now):
    cutoff = now - timedelta(seconds=lease_seconds())
    return Q(status=JobStatus.RUNNING) & (
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )


def _reap_one(job, now):
    """Give a job whose worker died its outcome; False if it was not lost after all (or done by another)."""
    silent = lease_seconds()
    if job.cancel_requested:
        fields = {
            "status": JobStatus.CANCELLED,
            "finished_at": now,
            "message": _("Annulée : le travailleur qui exécutait la tâche s'est arrêté."),
        }
    elif is_idempotent(job.kind) and job.attempts < max_attempts():
        fields = {
            "status": JobStatus.QUEUED,
            "progress": 0,
            "heartbeat_at": None,
            "message": _(
                "Le travailleur qui exécutait la tâche s'est arrêté (aucun signe de vie depuis %(s)s s) : "
                "elle est remise en file d'attente (essai %(n)s sur %(max)s)."
            )
            % {"s": silent, "n": job.attempts + 1, "max": max_attempts()},
        }
    else:
        fields = {
            "status": JobStatus.FAILED,
            "finished_at": now,
            "message": _("Interrompue : le travailleur s'est arrêté."),
            "error": _(
                "Le travailleur qui exécutait la tâche s'est arrêté (aucun signe de vie depuis plus de "
                "%(s)s s). Rien n'a été perdu de ce qui était déjà enregistré : relancez la tâche."
            )
            % {"s": silent},
        }
    with transaction.atomic():
        taken = (
            Job.objects.filter(pk=job.pk, attempts=job.attempts, heartbeat_at=job.heartbeat_at)
            .filter(_lost(now))
            .update(**fields)
        )
        if not taken:
            return False
        job.refresh_from_db()
        if job.status == JobStatus.QUEUED:
            _enqueue(job)
        hook = get_lost_hook(job.kind)
        if hook is not None:
            hook(job)
        if job.status == JobStatus.CANCELLED and get_cancel_hook(job.kind) is not None:
            get_cancel_hook(job.kind)(job)
    return True


def reap(*, now=None):
    """Find the running jobs whose worker stopped beating and reap them; returns those reaped."""
    now = now or timezone.now()
    return [job for job in Job.objects.filter(_lost(now)).order_by("pk") if _reap_one(job, now)]


def reap_if_lost(job, *, now=None):
    """Reap this one job if its worker is gone (what a polling page calls). Costs no query when the job
    is finished or beating; returns the job as it is now."""
    now = now or timezone.now()
    if job.status != JobStatus.RUNNING:
        return job
    beat = job.heartbeat_at or job.started_at
    if beat is not None and beat >= now - timedelta(seconds=lease_seconds()):
        return job
    _reap_one(job, now)
    job.refresh_from_db()
    return job
