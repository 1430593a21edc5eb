"""Background-job handlers of large imports (registered with mutualis.jobs.registry)."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mutualis.jobs.registry import JobCancelled, register

from . import services
from .models import ImportBatch, ImportStatus
from .validation import validate_table


def _progress_scale(progress, start, end, verb):
    def report(done, total):
        progress(
            start + (end - start) * done / max(total, 1),
            _("%(verb)s : ligne %(done)s sur %(total)s") % {"verb": verb, "done": done, "total": total},
        )

    return report


def _result(batch, summary):
    return {"summary": summary, "link": reverse("imports:detail", args=[batch.public_id]), "batch": batch.pk}


def _batch_of(job):
    return ImportBatch.objects.get(pk=job.params["batch"], group=job.group)


def _validation_cancelled(job):
    services.mark(batch=_batch_of(job), status=ImportStatus.CANCELLED)


def _save_cancelled(job):
    # Nothing was saved: the user may confirm again.
    services.mark(batch=_batch_of(job), status=ImportStatus.READY)


# Both are idempotent: checking writes only the report, and saving is one transaction that marks the
# batch imported (a run after a committed one returns at once). A job whose worker died runs again.
@register(
    services.VALIDATE_JOB,
    label=gettext_lazy("Vérification d'un import"),
    on_cancel=_validation_cancelled,
    on_lost=services.on_job_lost,
    idempotent=True,
)
def validate_batch(job, progress):
    batch = ImportBatch.objects.select_related("group").get(pk=job.params["batch"], group=job.group)
    with translation.override(job.params.get("language") or None):
        try:
            progress(1, _("Lecture du fichier"))
            table = services.read_batch_table(batch)
            report = validate_table(
                kind=batch.kind,
                group=batch.group,
                table=table,
                progress=_progress_scale(progress, 5, 99, _("Vérification")),
            )
            services.store_report(batch=batch, report=report)
        except JobCancelled:
            _validation_cancelled(job)
            raise
        except Exception:
            services.mark(batch=batch, status=ImportStatus.FAILED)
            raise
        return _result(
            batch,
            _("%(valid)s lignes valides, %(bad)s lignes en erreur.")
            % {"valid": batch.valid_rows, "bad": batch.error_rows},
        )


@register(
    services.SAVE_JOB,
    label=gettext_lazy("Import de données"),
    on_cancel=_save_cancelled,
    on_lost=services.on_job_lost,
    idempotent=True,
)
def save_batch(job, progress):
    batch = ImportBatch.objects.select_related("group").get(pk=job.params["batch"], group=job.group)
    actor = job.owner
    if batch.status == ImportStatus.IMPORTED:  # an earlier run committed, then its worker died
        return _result(batch, _("%(count)s lignes importées.") % {"count": batch.imported_rows})
    with translation.override(job.params.get("language") or None):
        try:
            progress(1, _("Lecture du fichier"))
            count = services.run_import(
                batch=batch, actor=actor, progress=_progress_scale(progress, 5, 80, _("Vérification"))
            )
        except JobCancelled:
            _save_cancelled(job)
            raise
        except Exception:
            services.mark(batch=batch, status=ImportStatus.FAILED)
            raise
        if count == 0:
            return _result(batch, _("Les données ont changé depuis la vérification : rien n'a été importé."))
        return _result(batch, _("%(count)s lignes importées.") % {"count": count})
