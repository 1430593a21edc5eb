"""The study PDF job: a real PDF written on the run, one build at a time, idempotent, in its GE only."""

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from mutualis.jobs import services as jobs
from mutualis.jobs.models import Job, JobStatus
from mutualis.needs import consolidation, study_pdf
from mutualis.needs.models import ConsolidationRun, RunStatus
from mutualis.needs.timeline import to_minutes
from tests.needs.factories import NeedFactory


def morning(day):
    return (to_minutes(day, 8), to_minutes(day, 12))


def no_progress(percent, message=""):
    pass


@pytest.fixture
def run(personas, django_capture_on_commit_callbacks):
    NeedFactory(member=personas.member_a1, site=personas.site_a1, slots=[morning(0), morning(1)])
    NeedFactory(member=personas.member_a2, site=personas.site_a2, slots=[morning(2), morning(3)])
    with django_capture_on_commit_callbacks(execute=True):
        run = consolidation.start_consolidation(
            actor=personas.planner_a,
            group=personas.group_a,
            params={"min_weekly_minutes": 0},
            time_limit_seconds=1,
            label="Essai du Pays d'Alençon",
        )
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    return run


def build(run, actor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = study_pdf.start_study_pdf(run=run, actor=actor)
    job.refresh_from_db()
    run.refresh_from_db()
    return job


def pdf_text(run):
    with run.study_pdf.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF")
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.django_db
def test_the_job_writes_a_real_pdf_on_the_run(personas, run, django_capture_on_commit_callbacks):
    job = build(run, personas.planner_a, django_capture_on_commit_callbacks)
    assert job.kind == study_pdf.JOB_KIND and job.group == personas.group_a
    assert job.status == JobStatus.SUCCEEDED and job.progress == 100, job.error
    assert job.result["link"] == f"/besoins/consolidations/{run.public_id}/#etude"
    assert "L'étude PDF est prête" in job.summary
    assert run.study_pdf_job == job and run.study_pdf_built_at is not None
    assert run.study_pdf.name == f"needs/studies/{run.group_id}/etude-{run.public_id}-{job.public_id}.pdf"
    text = pdf_text(run)
    assert "Étude de faisabilité" in text and "Essai du Pays d'Alençon" in text and "Poste p1" in text


@pytest.mark.django_db
def test_asking_again_while_a_build_waits_gives_the_same_job(
    personas, run, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        first = study_pdf.start_study_pdf(run=run, actor=personas.planner_a)
        again = study_pdf.start_study_pdf(run=run, actor=personas.director_a)
    assert again == first and Job.objects.filter(kind=study_pdf.JOB_KIND).count() == 1


@pytest.mark.django_db
def test_running_a_finished_build_again_changes_nothing(personas, run, django_capture_on_commit_callbacks):
    job = build(run, personas.planner_a, django_capture_on_commit_callbacks)
    written = Path(run.study_pdf.path)
    before = (written.stat().st_mtime_ns, written.read_bytes())
    result = study_pdf.build_study_pdf(job, no_progress)
    run.refresh_from_db()
    assert result["summary"] == "L'étude PDF est prête."
    assert Path(run.study_pdf.path) == written
    assert (written.stat().st_mtime_ns, written.read_bytes()) == before


@pytest.mark.django_db
def test_regenerating_replaces_the_file_and_an_older_build_never_wins(
    personas, run, django_capture_on_commit_callbacks
):
    first = build(run, personas.planner_a, django_capture_on_commit_callbacks)
    first_name = run.study_pdf.name
    second = build(run, personas.director_a, django_capture_on_commit_callbacks)
    assert second != first and run.study_pdf_job == second
    assert run.study_pdf.name != first_name
    assert not run.study_pdf.storage.exists(first_name)  # the older file is removed
    # A worker that replays the first build (a retry) neither rebuilds nor takes the run back.
    with django_capture_on_commit_callbacks(execute=True):
        result = study_pdf.build_study_pdf(first, no_progress)
    run.refresh_from_db()
    assert result["summary"] == "Une demande plus récente a remplacé celle-ci."
    assert run.study_pdf_job == second and run.study_pdf.storage.exists(run.study_pdf.name)
    assert len(run.study_pdf.storage.listdir(f"needs/studies/{run.group_id}")[1]) == 1


@pytest.mark.django_db
def test_the_job_finds_runs_of_its_own_group_only(personas, run):
    """A job of GE b naming GE a's run fails and writes nothing there."""
    job = Job.objects.create(
        kind=study_pdf.JOB_KIND, group=personas.group_b, params={"run": str(run.public_id)}
    )
    ConsolidationRun.objects.filter(pk=run.pk).update(study_pdf_job=job)  # even if it were the run's
    with pytest.raises(ConsolidationRun.DoesNotExist):
        jobs.execute(job.pk)
    job.refresh_from_db()
    run.refresh_from_db()
    assert job.status == JobStatus.FAILED and not run.study_pdf


@pytest.mark.django_db
def test_only_a_finished_run_has_a_study(personas):
    unfinished = ConsolidationRun.objects.create(group=personas.group_a, status=RunStatus.RUNNING)
    with pytest.raises(ValidationError):
        study_pdf.start_study_pdf(run=unfinished, actor=personas.planner_a)
    assert not Job.objects.exists()
