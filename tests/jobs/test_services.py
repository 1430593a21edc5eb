import pytest

from mutualis.accounts.tenancy import resolve_membership
from mutualis.jobs import registry, services
from mutualis.jobs.models import Job, JobStatus
from mutualis.jobs.perms import can_cancel_job


@registry.register("test_steps", label="Tâche d'essai")
def _steps(job, progress):
    for step in range(1, 5):
        progress(step * 25, f"Étape {step}")
    return {"summary": "Quatre étapes faites.", "steps": 4}


@registry.register("test_boom")
def _boom(job, progress):
    progress(10, "Début")
    raise ValueError("boum")


@registry.register("test_cancelled_midway")
def _cancelled_midway(job, progress):
    progress(10)
    services.request_cancel(job=job)
    progress(20)
    raise AssertionError("not reached")


@pytest.mark.django_db
def test_start_job_runs_handler_to_completion(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_job(kind="test_steps", group=personas.group_a, owner=personas.director_a)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.progress == 100
    assert job.result["steps"] == 4
    assert job.summary == "Quatre étapes faites."
    assert job.kind_label == "Tâche d'essai"
    assert job.task_id


@pytest.mark.django_db
def test_failing_handler_records_error(personas):
    job = Job.objects.create(kind="test_boom", group=personas.group_a)
    with pytest.raises(ValueError):
        services.execute(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "boum" in job.error
    assert job.finished_at is not None


@pytest.mark.django_db
def test_cancel_requested_while_running_stops_at_next_step(personas):
    job = Job.objects.create(kind="test_cancelled_midway", group=personas.group_a)
    services.execute(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert job.progress == 20  # the step is recorded, then the cancel request stops the job


@pytest.mark.django_db
def test_cancel_before_start_never_runs(personas):
    job = Job.objects.create(kind="test_boom", group=personas.group_a)
    services.request_cancel(job=job)
    services.execute(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED


@pytest.mark.django_db
def test_cancel_of_finished_job_changes_nothing(personas):
    job = Job.objects.create(kind="test_steps", group=personas.group_a, status=JobStatus.SUCCEEDED)
    services.request_cancel(job=job)
    job.refresh_from_db()
    assert not job.cancel_requested


@pytest.mark.django_db
def test_unregistered_kind_shows_its_code():
    assert registry.get_label("no_such_kind") == "no_such_kind"


@pytest.mark.django_db
def test_who_may_cancel(personas):
    job = Job.objects.create(kind="test_steps", group=personas.group_a, owner=personas.planner_a)
    assert can_cancel_job(resolve_membership(personas.planner_a), job)
    assert can_cancel_job(resolve_membership(personas.director_a), job)
    assert not can_cancel_job(resolve_membership(personas.accountant_a), job)
    assert not can_cancel_job(resolve_membership(personas.director_b), job)
    assert not can_cancel_job(None, job)
    job.status = JobStatus.SUCCEEDED
    assert not can_cancel_job(resolve_membership(personas.planner_a), job)


_hooked = []


@registry.register("test_hooked", on_cancel=_hooked.append)
def _hooked_handler(job, progress):
    return {}


@pytest.mark.django_db
def test_cancel_hook_runs_when_cancelled_before_start(personas):
    job = Job.objects.create(kind="test_hooked", group=personas.group_a)
    services.request_cancel(job=job)
    services.execute(job.pk)
    assert [j.pk for j in _hooked] == [job.pk]
