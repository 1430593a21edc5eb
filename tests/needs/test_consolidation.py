import time

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from mutualis.core.models import AuditEvent
from mutualis.jobs.models import Job, JobStatus
from mutualis.jobs.registry import JobCancelled
from mutualis.needs import consolidation, engine_api
from mutualis.needs.models import ConsolidationRun, NeedStatus, Position, RunStatus
from mutualis.needs.timeline import to_minutes
from tests.factories import MembershipFactory
from tests.needs.factories import NeedFactory

# min_weekly_minutes 0: any position is viable, so tiny selections give positions.
PARAMS = {"min_weekly_minutes": 0, "max_members_per_position": 4}


def morning(day):
    return (to_minutes(day, 8), to_minutes(day, 12))


@pytest.fixture
def needs(personas):
    return [
        NeedFactory(member=personas.member_a1, site=personas.site_a1, slots=[morning(0), morning(1)]),
        NeedFactory(member=personas.member_a2, site=personas.site_a2, slots=[morning(2), morning(3)]),
        NeedFactory(
            member=personas.member_a2, site=personas.site_a2, slots=[morning(4)], job_title="Jardinier"
        ),
        NeedFactory(member=personas.member_b1, site=personas.site_b1),  # another GE: never selected
    ]


def start(personas, django_capture_on_commit_callbacks, **kwargs):
    kwargs.setdefault("params", PARAMS)
    kwargs.setdefault("time_limit_seconds", 1)
    with django_capture_on_commit_callbacks(execute=True):
        run = consolidation.start_consolidation(actor=personas.planner_a, group=personas.group_a, **kwargs)
    run.refresh_from_db()
    return run


@pytest.mark.django_db
def test_run_solves_the_selection_in_a_job_and_stores_plan_and_kpis(
    personas, needs, django_capture_on_commit_callbacks
):
    run = start(personas, django_capture_on_commit_callbacks, seed=3)
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.job.status == JobStatus.SUCCEEDED and run.job.progress == 100
    assert "postes proposés" in run.job.summary
    assert run.job.result["link"] == f"/besoins/consolidations/{run.public_id}/"
    assert len(run.instance["needs"]) == 3
    assert engine_api.check(run.instance, run.plan) == []
    assert run.kpis["minutes_placed"] == 5 * 240 and run.kpis["unassigned"] == 0
    assert run.kpis["positions"] == 1 and run.kpis["members_per_position"] == 2
    assert run.kpis["gap_to_lower_bound"] == 0
    assert run.best_so_far["phase"] == "done"
    assert AuditEvent.objects.filter(action="consolidation.started").count() == 1


@pytest.mark.django_db
def test_selection_filters_needs(personas, needs, django_capture_on_commit_callbacks):
    run = start(personas, django_capture_on_commit_callbacks, filters={"job": "jardin", "bogus": 1})
    assert run.filters == {"job": "jardin"}
    assert [n["id"] for n in run.instance["needs"]] == ["n1"]
    assert run.id_map["needs"]["n1"] == str(needs[2].public_id)


@pytest.mark.django_db
def test_empty_selection_is_refused_and_nothing_is_started(personas, needs):
    with pytest.raises(ValidationError) as excinfo:
        consolidation.start_consolidation(
            actor=personas.planner_a, group=personas.group_a, filters={"rome_codes": ["A1101"]}
        )
    assert "filters" in excinfo.value.message_dict
    assert not ConsolidationRun.objects.exists() and not Job.objects.exists()


@pytest.mark.django_db
def test_cancelling_stops_the_engine_early_with_a_valid_plan(personas, needs):
    run = ConsolidationRun.objects.create(
        group=personas.group_a, params=PARAMS, time_limit_seconds=20, created_by=personas.planner_a
    )
    job = Job.objects.create(
        group=personas.group_a, kind=consolidation.JOB_KIND, params={"run": str(run.public_id)}
    )
    calls = []

    def progress(percent, message=""):
        calls.append((percent, message))
        if percent > consolidation.PROGRESS_BEFORE:  # the first report from the engine: stop now
            raise JobCancelled()

    started = time.monotonic()
    with pytest.raises(JobCancelled):
        consolidation.run_consolidation(job, progress)
    assert time.monotonic() - started < 10
    run.refresh_from_db()
    assert run.status == RunStatus.CANCELLED
    assert engine_api.check(run.instance, run.plan) == []
    assert any("meilleur plan" in message for _, message in calls)


@pytest.mark.django_db
def test_engine_failure_marks_the_run_failed(
    personas, needs, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(engine_api, "solve", broken)
    run = start(personas, django_capture_on_commit_callbacks)
    assert run.status == RunStatus.FAILED and "boom" in run.error
    assert run.job.status == JobStatus.FAILED


@pytest.mark.django_db
def test_accepting_positions_creates_them_consolidates_needs_and_tells_members(
    personas, needs, django_capture_on_commit_callbacks
):
    run = start(personas, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        (position,) = consolidation.accept_positions(run=run, position_ids=["p1"], actor=personas.planner_a)
    assert position.weekly_minutes == 5 * 240 and position.plan_position_id == "p1"
    assert position.title == "Agent d'entretien" and position.rome_code == "K2204"
    assert set(position.members.all()) == {personas.member_a1, personas.member_a2}
    assert {n.status for n in position.needs.all()} == {NeedStatus.CONSOLIDATED}
    assert needs[3].status == NeedStatus.OPEN
    assert AuditEvent.objects.filter(action="position.accepted", target_id=str(position.public_id)).exists()
    (message,) = mail.outbox
    assert set(message.to) == {"contact_a1@example.org", "contact_a2@example.org"}
    assert "poste à temps partagé" in message.subject and "20 h" in message.body


@pytest.mark.django_db
def test_a_position_is_accepted_once_and_unknown_ids_are_refused(
    personas, needs, django_capture_on_commit_callbacks
):
    run = start(personas, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="inconnu"):
        consolidation.accept_positions(run=run, position_ids=["p9"], actor=personas.planner_a)
    consolidation.accept_positions(run=run, position_ids=["p1"], actor=personas.planner_a)
    with pytest.raises(ValidationError, match="déjà accepté"):
        consolidation.accept_positions(run=run, position_ids=["p1"], actor=personas.planner_a)
    assert Position.objects.count() == 1


@pytest.mark.django_db
def test_a_need_withdrawn_after_the_run_blocks_its_position(
    personas, needs, django_capture_on_commit_callbacks
):
    run = start(personas, django_capture_on_commit_callbacks)
    needs[0].status = NeedStatus.WITHDRAWN
    needs[0].save()
    with pytest.raises(ValidationError, match="relancez"):
        consolidation.accept_positions(run=run, position_ids=["p1"], actor=personas.planner_a)
    assert not Position.objects.exists()


@pytest.mark.django_db
def test_member_without_contact_is_told_at_its_own_address(
    personas, needs, django_capture_on_commit_callbacks
):
    personas.member_a2.email = "accueil@a2.example.org"
    personas.member_a2.save()
    personas.contact_a2.memberships.update(is_active=False)
    MembershipFactory(user__username="sans_courriel", user__email="", group=personas.group_a)
    run = start(personas, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        consolidation.accept_positions(run=run, position_ids=["p1"], actor=personas.planner_a)
    assert set(mail.outbox[0].to) == {"contact_a1@example.org", "accueil@a2.example.org"}


@pytest.mark.django_db(transaction=True)
def test_a_cancel_request_on_the_job_stops_the_engine_between_reports(personas):
    """Cancelling from the page sets `cancel_requested` on the job; the engine's watcher reads it."""
    import threading

    from django.db import connection

    from mutualis.needs.demo import seed_needs
    from tests.factories import MemberFactory, SiteFactory

    if connection.vendor == "sqlite":
        pytest.skip("threads do not share SQLite's in-memory test database (runs on PostgreSQL)")
    for _ in range(15):
        SiteFactory(member=MemberFactory(group=personas.group_a))
    seed_needs(personas.group_a, seed=7)  # flexible needs: the engine never stops early on its own
    run = ConsolidationRun.objects.create(group=personas.group_a, params=PARAMS, time_limit_seconds=30)
    job = Job.objects.create(
        group=personas.group_a, kind=consolidation.JOB_KIND, params={"run": str(run.public_id)}
    )
    run.job = job
    run.save()

    def cancel_soon():
        time.sleep(2)
        Job.objects.filter(pk=job.pk).update(cancel_requested=True)
        connection.close()

    threading.Thread(target=cancel_soon).start()
    started = time.monotonic()
    with pytest.raises(JobCancelled):
        consolidation.run_consolidation(job, lambda percent, message="": None)
    assert time.monotonic() - started < 15
    run.refresh_from_db()
    assert run.status == RunStatus.CANCELLED
    assert engine_api.check(run.instance, run.plan) == []
