"""Jobs whose worker died: heartbeat, lease, reaper, and the « Relancer » of each run, batch or study."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mutualis.billing.models import BillingRun
from mutualis.billing.models import RunStatus as BillingRunStatus
from mutualis.imports import services as import_services
from mutualis.imports.models import ImportBatch, ImportStatus
from mutualis.jobs import registry, services
from mutualis.jobs.models import Job, JobStatus
from mutualis.needs import consolidation
from mutualis.needs.models import ConsolidationRun, RunStatus
from tests.imports.helpers import csv_upload

LOST = []


@registry.register("test_lost_plain")
def _plain(job, progress):
    progress(50)
    return {}


@registry.register("test_lost_idempotent", idempotent=True, on_lost=LOST.append)
def _idempotent(job, progress):
    progress(50)
    return {"summary": "Refait."}


def _running(kind, group, *, silent_for=120, attempts=1, **fields):
    """A job as a killed worker leaves it: running, its last heartbeat `silent_for` seconds ago."""
    beat = timezone.now() - timedelta(seconds=silent_for)
    return Job.objects.create(
        kind=kind,
        group=group,
        status=JobStatus.RUNNING,
        started_at=beat,
        heartbeat_at=beat,
        attempts=attempts,
        **fields,
    )


@pytest.mark.django_db
def test_a_job_silent_past_its_lease_is_failed_with_a_french_message(personas, settings):
    settings.MUTUALIS_JOB_LEASE_SECONDS = 60
    lost = _running("test_lost_plain", personas.group_a)
    alive = _running("test_lost_plain", personas.group_a, silent_for=5)
    assert [job.pk for job in services.reap()] == [lost.pk]
    lost.refresh_from_db()
    alive.refresh_from_db()
    assert lost.status == JobStatus.FAILED and lost.finished_at is not None
    assert "travailleur qui exécutait la tâche s'est arrêté" in lost.error
    assert alive.status == JobStatus.RUNNING
    assert services.reap() == []  # reaped once


@pytest.mark.django_db
def test_an_idempotent_job_is_queued_again_until_its_last_attempt(
    personas, settings, django_capture_on_commit_callbacks
):
    settings.MUTUALIS_JOB_MAX_ATTEMPTS = 2
    job = _running("test_lost_idempotent", personas.group_a)
    LOST.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the immediate backend runs it again
        services.reap()
    job.refresh_from_db()
    assert LOST and LOST[0].status == JobStatus.QUEUED
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 2 and job.summary == "Refait."
    second = _running("test_lost_idempotent", personas.group_a, attempts=2)
    services.reap()
    second.refresh_from_db()
    assert second.status == JobStatus.FAILED


@pytest.mark.django_db
def test_cancelling_a_job_whose_worker_died_takes_effect(personas):
    job = _running("test_lost_plain", personas.group_a)
    services.request_cancel(job=job)
    services.reap()
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    queued = Job.objects.create(kind="test_lost_plain", group=personas.group_a)
    services.request_cancel(job=queued)  # no worker has it: cancelled at once
    queued.refresh_from_db()
    assert queued.status == JobStatus.CANCELLED


@registry.register("test_lost_paused")
def _paused(job, progress):
    """A worker that only paused past its lease: the reaper fails the job meanwhile."""
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=5))
    services.reap()
    progress(60)
    raise AssertionError("not reached")


@pytest.mark.django_db
def test_a_reaped_run_writes_nothing_more(personas):
    job = Job.objects.create(kind="test_lost_paused", group=personas.group_a)
    services.execute(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.progress == 0
    assert "s'est arrêté" in job.error


@pytest.mark.django_db
def test_the_polled_progress_says_the_worker_stopped(client, personas):
    job = _running("test_lost_plain", personas.group_a, owner=personas.director_a)
    client.force_login(personas.director_a)
    response = client.get(reverse("jobs:progress", args=[job.public_id]))
    assert response.status_code == 286  # finished: htmx stops polling
    assert "le travailleur s&#x27;est arrêté" in response.content.decode()


# --- the runs, batches and studies of each domain -------------------------------------------------


@pytest.fixture
def lost_run(personas, django_capture_on_commit_callbacks):
    from tests.needs.factories import NeedFactory

    NeedFactory(member=personas.member_a1, site=personas.site_a1)
    run = consolidation.start_consolidation(
        actor=personas.planner_a,
        group=personas.group_a,
        time_limit_seconds=1,
        params={"min_weekly_minutes": 0},
    )
    beat = timezone.now() - timedelta(minutes=5)
    Job.objects.filter(pk=run.job_id).update(
        status=JobStatus.RUNNING, started_at=beat, heartbeat_at=beat, attempts=1
    )
    ConsolidationRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    return run


@pytest.mark.django_db
def test_a_consolidation_whose_worker_died_fails_and_can_be_relaunched(client, personas, lost_run):
    client.force_login(personas.planner_a)
    page = client.get(reverse("needs:run_detail", args=[lost_run.public_id])).content.decode()
    lost_run.refresh_from_db()
    assert lost_run.status == RunStatus.FAILED
    assert "s&#x27;est arrêté" in page and "Relancer</button>" in page
    response = client.post(reverse("needs:run_retry", args=[lost_run.public_id]))
    assert response.status_code == 302
    lost_run.refresh_from_db()
    lost_run.job.refresh_from_db()
    assert lost_run.status in (RunStatus.QUEUED, RunStatus.SUCCEEDED, RunStatus.FAILED)
    assert lost_run.job.error == "" or lost_run.job.attempts == 1


@pytest.mark.django_db
def test_the_api_fails_a_lost_consolidation_and_relaunches_it(client, personas, lost_run, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(personas.planner_a)
    url = f"/api/v1/consolidations/{lost_run.public_id}/"
    assert client.get(url).json()["status"] == "failed"
    answer = client.post(url + "retry/")
    assert answer.status_code == 200 and answer.json()["status"] == "queued"
    lost_run.job.refresh_from_db()
    assert lost_run.job.status == JobStatus.QUEUED and lost_run.job.error == ""
    assert client.post(url + "retry/").status_code == 400  # only a failed or stopped run


@pytest.mark.django_db
def test_a_billing_run_whose_worker_died_fails_and_offers_a_retry(client, personas):
    job = _running("billing.run", personas.group_a)
    run = BillingRun.objects.create(group=personas.group_a, month="2026-10-01", job=job)
    client.force_login(personas.director_a)
    page = client.get(reverse("billing:run_detail", args=[run.public_id])).content.decode()
    run.refresh_from_db()
    assert run.status == BillingRunStatus.FAILED and "s'est arrêté" in run.problems[0]
    assert "s&#x27;est arrêté" in page and "Relancer le calcul" in page


@pytest.mark.django_db
def test_an_import_whose_worker_died_is_checked_again_then_fails_and_can_be_relaunched(
    client, personas, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.MUTUALIS_IMPORT_SYNC_MAX_ROWS = 0
    batch = import_services.create_batch(
        group=personas.group_a,
        owner=personas.planner_a,
        kind="employees",
        uploaded_file=csv_upload([["nom", "prenom"], ["Martin", "Léa"]]),
    )
    beat = timezone.now() - timedelta(minutes=5)
    Job.objects.filter(pk=batch.job_id).update(
        status=JobStatus.RUNNING, started_at=beat, heartbeat_at=beat, attempts=1
    )
    services.reap()
    batch.refresh_from_db()
    assert batch.job.status == JobStatus.QUEUED and batch.status == ImportStatus.VALIDATING
    Job.objects.filter(pk=batch.job_id).update(
        status=JobStatus.RUNNING, started_at=beat, heartbeat_at=beat, attempts=3
    )
    client.force_login(personas.planner_a)
    page = client.get(reverse("imports:detail", args=[batch.public_id])).content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED and "Relancer</button>" in page
    client.post(reverse("imports:retry", args=[batch.public_id]))
    batch = ImportBatch.objects.get(pk=batch.pk)
    assert batch.status == ImportStatus.VALIDATING and batch.job.status == JobStatus.QUEUED


@pytest.mark.django_db
def test_a_study_pdf_build_is_idempotent_so_queued_again():
    assert registry.is_idempotent("needs.study_pdf")
    assert not registry.is_idempotent("needs.consolidate")
