"""The feasibility study PDF of a consolidation run, built by a background job.

WeasyPrint needs about 12 s for 160 positions, too long for a request. `start_study_pdf` records a
job of kind `needs.study_pdf` on the run (`study_pdf_job`); the handler `build_study_pdf` writes
the file on the run (`study_pdf`, `study_pdf_built_at`), which the run page then offers at once.

A finished run's plan never changes (decisions make a new run; accepting positions does not change
the study), so the file stays valid for its run; "Régénérer" builds it again on request, for
instance after a member or a need was renamed.
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mutualis.jobs import services as jobs

from . import report
from .models import ConsolidationRun, RunStatus

JOB_KIND = "needs.study_pdf"


def file_name(run, job):
    """One name per build (run and job): running the same job again finds its own file."""
    return f"etude-{run.public_id}-{job.public_id}.pdf"


@transaction.atomic
def start_study_pdf(*, run, actor):
    """Ask for the run's study PDF; returns the job. While a build is queued or running, asking
    again returns that job instead of starting a second one."""
    run = (
        ConsolidationRun.objects.select_for_update(of=("self",))
        .select_related("study_pdf_job")
        .get(pk=run.pk)
    )
    if run.status != RunStatus.SUCCEEDED or not run.plan:
        raise ValidationError(_("L'étude de faisabilité n'existe que pour une consolidation terminée."))
    current = run.study_pdf_job
    if current is not None and not current.is_finished:
        return current
    run.study_pdf_job = jobs.start_job(
        kind=JOB_KIND,
        group=run.group,
        owner=actor,
        label=(_("Étude de faisabilité (PDF) — %(run)s") % {"run": run})[:200],
        params={"run": str(run.public_id), "language": translation.get_language()},
    )
    run.save(update_fields=["study_pdf_job"])
    return run.study_pdf_job


def build_study_pdf(job, progress):
    """Job handler: the run is looked up in the job's GE only. Idempotent: a build that already wrote
    its file returns it; a build superseded by a newer request stops without writing."""
    run = ConsolidationRun.objects.get(public_id=job.params["run"], group_id=job.group_id)
    path = run.study_pdf.field.generate_filename(run, file_name(run, job))
    storage = run.study_pdf.storage
    link = reverse("needs:run_detail", kwargs={"public_id": run.public_id}) + "#etude"
    if run.study_pdf_job_id != job.pk:
        return {"summary": _("Une demande plus récente a remplacé celle-ci."), "link": link}
    if run.study_pdf.name == path and storage.exists(path):
        return {"summary": _("L'étude PDF est prête."), "link": link}
    if run.status != RunStatus.SUCCEEDED or not run.plan:
        raise ValueError(_("L'étude de faisabilité n'existe que pour une consolidation terminée."))
    with translation.override(job.params.get("language") or None):
        content = report.feasibility_pdf(run, progress=progress)
        progress(95, _("Enregistrement du fichier"))
        summary = _("L'étude PDF est prête (%(size)s Ko).") % {"size": max(1, len(content) // 1024)}
    with transaction.atomic():
        run = ConsolidationRun.objects.select_for_update().get(pk=run.pk)
        if run.study_pdf_job_id != job.pk:  # a newer build was asked for meanwhile: it wins
            return {"summary": _("Une demande plus récente a remplacé celle-ci."), "link": link}
        previous = run.study_pdf.name
        if storage.exists(path):  # left by an earlier attempt of this job that did not commit
            storage.delete(path)
        run.study_pdf.save(file_name(run, job), ContentFile(content), save=False)
        run.study_pdf_built_at = timezone.now()
        run.save(update_fields=["study_pdf", "study_pdf_built_at"])
        if previous and previous != run.study_pdf.name:
            transaction.on_commit(lambda: storage.delete(previous))
    return {"summary": summary, "link": link, "run": str(run.public_id)}
