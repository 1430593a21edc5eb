"""Fan a job out into pieces that every worker of the deployment shares (Django's tasks API).

The parent job (a handler running in one worker) calls :func:`fan_out` with one payload per
independent sub-problem: each becomes a :class:`JobPiece` row and a ``run_piece`` task on the task
queue, so any ``db_worker`` on any machine pointing at the same database takes it. There is no queue
of our own: the rows only hold inputs, results and leases.

* A worker *claims* a piece atomically (queued, or running with an expired lease), then renews its
  lease every third of ``lease_seconds`` from a heartbeat thread while the piece handler runs.
* :func:`gather` (in the parent) waits for every piece, reports progress as finished pieces over all
  pieces, re-enqueues pieces whose lease ran out (a killed worker) or that failed, up to
  ``max_attempts``, and, while it waits, runs queued pieces itself so that a deployment with a single
  worker still finishes. Results come back in payload order.

Piece handlers register with :func:`register_piece`: ``handler(payload) -> JSON-able result``.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from datetime import timedelta

from django.db import close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone

from .models import JobPiece, PieceStatus
from .registry import JobCancelled

_PIECE_HANDLERS = {}


class PieceFailed(Exception):
    """A piece failed on every attempt."""


def register_piece(kind):
    def decorator(func):
        _PIECE_HANDLERS[kind] = func
        return func

    return decorator


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def fan_out(job, kind, payloads, *, lease_seconds=30, max_attempts=3):
    """Create one piece per payload and enqueue a task for each. Returns the pieces."""
    pieces = JobPiece.objects.bulk_create(
        [
            JobPiece(
                job=job, index=k, kind=kind, payload=p, lease_seconds=lease_seconds, max_attempts=max_attempts
            )
            for k, p in enumerate(payloads)
        ]
    )
    pieces = list(JobPiece.objects.filter(job=job).order_by("index"))
    for piece in pieces:
        _enqueue(piece)
    return pieces


def _enqueue(piece):
    from .tasks import run_piece

    def go():
        run_piece.enqueue(piece_id=piece.pk)

    if connection.in_atomic_block:
        transaction.on_commit(go)
    else:
        go()


def claim(piece_id, worker=None):
    """Take the piece if it is free (queued, or its lease ran out); True when this worker has it."""
    now = timezone.now()
    piece = JobPiece.objects.filter(pk=piece_id).only("lease_seconds").first()
    if piece is None:
        return False
    taken = (
        JobPiece.objects.filter(pk=piece_id)
        .filter(Q(status=PieceStatus.QUEUED) | Q(status=PieceStatus.RUNNING, lease_until__lt=now))
        .update(
            status=PieceStatus.RUNNING,
            worker=(worker or worker_name())[:120],
            lease_until=now + timedelta(seconds=piece.lease_seconds),
            started_at=now,
        )
    )
    if taken:
        from django.db.models import F

        JobPiece.objects.filter(pk=piece_id).update(attempts=F("attempts") + 1)
    return bool(taken)


def run(piece_id, worker=None):
    """Claim and run one piece here (what the ``run_piece`` task does); False if someone else has it."""
    worker = worker or worker_name()
    if not claim(piece_id, worker):
        return False
    piece = JobPiece.objects.get(pk=piece_id)
    stop = threading.Event()
    beat = threading.Thread(
        target=_heartbeat, args=(piece.pk, worker, piece.lease_seconds, stop), daemon=True
    )
    beat.start()
    try:
        result = _PIECE_HANDLERS[piece.kind](piece.payload)
    except Exception as exc:  # recorded on the piece; the parent decides whether to retry
        stop.set()
        beat.join()
        JobPiece.objects.filter(pk=piece.pk, worker=worker).update(
            status=PieceStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
        return True
    stop.set()
    beat.join()
    JobPiece.objects.filter(pk=piece.pk, worker=worker, status=PieceStatus.RUNNING).update(
        status=PieceStatus.DONE, result=result, finished_at=timezone.now(), error=""
    )
    return True


def _heartbeat(piece_id, worker, lease_seconds, stop):
    """Renew the lease every third of its length while the piece runs (own connection)."""
    try:
        while not stop.wait(max(0.2, lease_seconds / 3)):
            JobPiece.objects.filter(pk=piece_id, worker=worker, status=PieceStatus.RUNNING).update(
                lease_until=timezone.now() + timedelta(seconds=lease_seconds)
            )
    finally:
        connection.close()


def gather(job, progress=None, *, timeout=None, poll=0.5, help_locally=True):
    """Wait for every piece of ``job``; return their results in index order (see module docstring)."""
    started = time.monotonic()
    while True:
        if not connection.in_atomic_block:  # never drop the connection of an open transaction (tests)
            close_old_connections()
        now = timezone.now()
        pieces = list(JobPiece.objects.filter(job=job).order_by("index"))
        done = [p for p in pieces if p.status == PieceStatus.DONE]
        if progress is not None:
            progress(len(done), len(pieces))
        if len(done) == len(pieces):
            return [p.result for p in pieces]
        for p in pieces:
            expired = p.status == PieceStatus.RUNNING and p.lease_until is not None and p.lease_until < now
            if (expired or p.status == PieceStatus.FAILED) and p.attempts >= p.max_attempts:
                raise PieceFailed(f"piece {p.index}: {p.error or 'lease expired'}")
            if expired or p.status == PieceStatus.FAILED:
                requeued = JobPiece.objects.filter(pk=p.pk, status=p.status, attempts=p.attempts).update(
                    status=PieceStatus.QUEUED, worker="", lease_until=None
                )
                if requeued:
                    _enqueue(p)
        if timeout is not None and time.monotonic() - started > timeout:
            raise TimeoutError(f"{len(pieces) - len(done)} pieces still running after {timeout} s")
        queued = [p for p in pieces if p.status == PieceStatus.QUEUED]
        if help_locally and queued:
            run(queued[0].pk)
            continue
        time.sleep(poll)


__all__ = ["JobCancelled", "PieceFailed", "claim", "fan_out", "gather", "register_piece", "run"]
