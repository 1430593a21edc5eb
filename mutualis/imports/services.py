"""Imports: upload and check (the preview), then save the valid rows in one transaction.

Files above settings.MUTUALIS_IMPORT_SYNC_MAX_ROWS rows are checked, and saved, by
background jobs (see handlers.py); smaller ones within the request.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mutualis.core.journal import record
from mutualis.jobs.models import JobStatus
from mutualis.jobs.services import reap_if_lost, restart, start_job

from .kinds import get_spec
from .models import ImportBatch, ImportStatus
from .reading import ImportFileError, read_table
from .validation import check_headers, validate_table

VALIDATE_JOB = "import_validate"
SAVE_JOB = "import_save"


class ImportRefused(Exception):
    """The batch is not in a state that allows this (already imported, has errors…)."""


def read_batch_table(batch):
    with batch.file.open("rb") as fileobj:
        return read_table(fileobj, batch.original_name)


def sync_max_rows():
    return settings.MUTUALIS_IMPORT_SYNC_MAX_ROWS


@transaction.atomic
def create_batch(*, group, owner, kind, uploaded_file):
    """Store an upload and check it: at once when small, through a background job when large.

    Raises ImportFileError (nothing stored) when the file cannot be read or its header is wrong.
    """
    table = read_table(uploaded_file, uploaded_file.name)
    check_headers(kind, table.headers)
    if not table.rows:
        raise ImportFileError(_("Le fichier ne contient aucune ligne de données."))
    batch = ImportBatch(
        group=group,
        owner=owner,
        kind=kind,
        original_name=uploaded_file.name[:255],
        total_rows=len(table.rows),
    )
    uploaded_file.seek(0)
    batch.file.save(uploaded_file.name, uploaded_file, save=False)
    batch.save()
    if batch.total_rows > sync_max_rows():
        batch.job = start_job(
            kind=VALIDATE_JOB,
            group=group,
            owner=owner,
            label=_("Vérification de l'import « %(name)s »") % {"name": batch.original_name},
            params={"batch": batch.pk, "language": translation.get_language()},
        )
        batch.save(update_fields=["job", "updated_at"])
        return batch
    store_report(batch=batch, report=validate_table(kind=kind, group=group, table=table))
    return batch


def store_report(*, batch, report):
    batch.errors = report.errors
    batch.total_rows = report.total
    batch.valid_rows = len(report.valid)
    batch.error_rows = len(report.error_lines)
    batch.status = ImportStatus.READY
    batch.validated_at = timezone.now()
    batch.save(
        update_fields=[
            "errors",
            "total_rows",
            "valid_rows",
            "error_rows",
            "status",
            "validated_at",
            "updated_at",
        ]
    )


@transaction.atomic
def confirm_import(*, batch, actor, only_valid):
    """Import the batch's valid rows (all of them must be valid unless `only_valid`).

    Returns True when handled now (saved, or refused because the data changed: see the batch's
    status), False when a background job will do it. Raises ImportRefused.
    """
    if batch.status != ImportStatus.READY or batch.valid_rows == 0:
        raise ImportRefused(_("Cet import ne peut plus être confirmé."))
    if batch.error_rows and not only_valid:
        raise ImportRefused(
            _(
                "Le fichier contient des lignes en erreur : corrigez-le ou importez seulement les lignes valides."
            )
        )
    # Claim the batch: a second click, or a second tab, finds it already importing.
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.READY).update(
        status=ImportStatus.IMPORTING, only_valid=only_valid, updated_at=timezone.now()
    )
    if not claimed:
        raise ImportRefused(_("Cet import est déjà en cours ou terminé."))
    batch.refresh_from_db()
    if batch.valid_rows > sync_max_rows():
        job = start_job(
            kind=SAVE_JOB,
            group=batch.group,
            owner=actor,
            label=_("Import « %(name)s »") % {"name": batch.original_name},
            params={
                "batch": batch.pk,
                "actor": actor.pk if actor else None,
                "language": translation.get_language(),
            },
        )
        ImportBatch.objects.filter(pk=batch.pk).update(job=job)
        batch.job = job
        return False
    run_import(batch=batch, actor=actor)
    return True


def run_import(*, batch, actor, progress=None):
    """Re-check the file against today's data, then save the valid rows in one transaction.

    If the check no longer matches the preview the user saw (someone added a member meanwhile…),
    nothing is saved: the new report replaces the old one and the batch waits for confirmation again.
    Returns the number of rows saved (0 when the report changed).
    """
    table = read_batch_table(batch)
    report = validate_table(kind=batch.kind, group=batch.group, table=table, progress=progress)
    seen = sorted({e["line"] for e in batch.errors})
    if report.error_lines != seen or (report.errors and not batch.only_valid):
        store_report(batch=batch, report=report)
        return 0
    with transaction.atomic():
        count = get_spec(batch.kind).save(batch.group, report.valid)
        batch.status = ImportStatus.IMPORTED
        batch.imported_rows = count
        batch.imported_at = timezone.now()
        batch.save(update_fields=["status", "imported_rows", "imported_at", "updated_at"])
        record(
            action=f"import.{batch.kind}",
            actor=actor,
            group=batch.group,
            target=batch,
            rows=count,
            skipped_rows=batch.error_rows,
            file=batch.original_name,
        )
    return count


def mark(*, batch, status):
    ImportBatch.objects.filter(pk=batch.pk).update(status=status, updated_at=timezone.now())


def on_job_lost(job):
    """The batch of a job whose worker died and that will not run again: failed (nothing was saved,
    the rows are written in one transaction); « Relancer » (retry_batch) runs the same job again.
    A job queued again keeps its batch « en cours »; a cancelled one goes through the cancel hooks."""
    if job.status == JobStatus.FAILED:
        ImportBatch.objects.filter(
            job=job, status__in=[ImportStatus.VALIDATING, ImportStatus.IMPORTING]
        ).update(status=ImportStatus.FAILED, updated_at=timezone.now())


def reap_batch(batch):
    """Reap the batch's job if its worker died (the page looking at it); the batch as it is now."""
    if batch.job is not None and batch.job.status == JobStatus.RUNNING:
        reap_if_lost(batch.job)
        batch.refresh_from_db()
    return batch


def can_retry(batch):
    return batch.status == ImportStatus.FAILED and batch.job is not None and batch.job.is_finished


@transaction.atomic
def retry_batch(*, batch, actor):
    """« Relancer » a failed check or import: the same job runs again on the same file."""
    batch = ImportBatch.objects.select_for_update(of=("self",)).select_related("job").get(pk=batch.pk)
    if not can_retry(batch):
        raise ImportRefused(_("Seul un import en échec peut être relancé."))
    status = ImportStatus.IMPORTING if batch.job.kind == SAVE_JOB else ImportStatus.VALIDATING
    ImportBatch.objects.filter(pk=batch.pk).update(status=status, updated_at=timezone.now())
    restart(job=batch.job)
    record(action="import.retried", actor=actor, group=batch.group, target=batch, file=batch.original_name)
    batch.refresh_from_db()
    return batch
