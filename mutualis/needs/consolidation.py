"""Consolidation runs: start one as a background job, run the engine in it, accept its positions."""

import threading
import time
from collections import Counter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mutualis.accounts.models import Membership
from mutualis.accounts.roles import Role
from mutualis.core import journal
from mutualis.employees.models import Employee
from mutualis.jobs import services as jobs
from mutualis.jobs.models import Job, JobStatus
from mutualis.jobs.registry import JobCancelled

from . import engine_api
from .instance import (
    build_instance,
    employees_for_instance,
    engine_params,
    kpis,
    needs_for_instance,
    plan_to_public,
)
from .models import ConsolidationRun, Need, NeedStatus, Position, RunStatus
from .selectors import FILTER_KEYS, needs_of_group
from .timeline import format_duration

JOB_KIND = "needs.consolidate"
# Share of the progress bar for building the instance (before) and storing the plan (after).
PROGRESS_BEFORE, PROGRESS_AFTER = 5, 97


def _phase_label(phase):
    """French name of an engine phase ('construct', 'improve round 3', 'done')."""
    if phase.startswith("improve round"):
        return _("amélioration, tour %(n)s") % {"n": phase.rsplit(" ", 1)[-1]}
    return {"construct": _("construction d'une première solution"), "done": _("plan terminé")}.get(
        phase, phase
    )


@transaction.atomic
def start_consolidation(
    *,
    actor,
    group,
    filters=None,
    params=None,
    seed=0,
    time_limit_seconds=30,
    include_employees=False,
    label="",
    campaign=None,
    locks=None,
    parent=None,
):
    """Record a run for a selection of needs and enqueue it; the job builds the instance and solves.

    `locks`: groups of Need public ids to keep together (see instance.build_instance).
    """
    filters = {k: v for k, v in (filters or {}).items() if k in FILTER_KEYS and v not in (None, "", [])}
    if campaign is not None:
        filters["campaign"] = str(campaign.public_id)
    if not needs_of_group(group, filters).exists():
        raise ValidationError({"filters": _("Aucun besoin ouvert ne correspond à cette sélection.")})
    run = ConsolidationRun(
        group=group,
        label=label,
        campaign=campaign,
        filters=filters,
        params=engine_params(params),
        seed=seed,
        time_limit_seconds=time_limit_seconds,
        include_employees=include_employees,
        locks=[sorted(str(n) for n in group) for group in (locks or []) if len(group) > 1],
        parent=parent,
        created_by=actor,
    )
    run.full_clean()
    run.save()
    run.job = jobs.start_job(
        kind=JOB_KIND,
        group=group,
        owner=actor,
        label=label or _("Consolidation des besoins"),
        params={"run": str(run.public_id)},
    )
    run.save(update_fields=["job", "updated_at"])
    journal.record(action="consolidation.started", actor=actor, group=group, target=run, filters=filters)
    return run


# What a run becomes when the reaper found its job's worker dead (jobs.services.reap).
_RUN_STATUS_OF_LOST_JOB = {
    JobStatus.FAILED: RunStatus.FAILED,
    JobStatus.CANCELLED: RunStatus.CANCELLED,
    JobStatus.QUEUED: RunStatus.QUEUED,
}


def on_job_lost(job):
    """The run of a job whose worker died: failed (with the job's message), cancelled or queued again."""
    status = _RUN_STATUS_OF_LOST_JOB.get(job.status)
    if status is None:
        return
    fields = {"status": status, "updated_at": timezone.now()}
    if status == RunStatus.FAILED:
        fields.update(error=job.error[:2000], finished_at=timezone.now())
    elif status == RunStatus.CANCELLED:
        fields.update(finished_at=timezone.now())
    ConsolidationRun.objects.filter(job=job).update(**fields)


def reap_if_lost(run):
    """Reap the run's job if its worker died (a page or the API looking at the run); the run as it is now."""
    if run.job is not None and run.job.status == JobStatus.RUNNING:
        before = run.job.status
        if jobs.reap_if_lost(run.job).status != before:
            run.refresh_from_db()
    return run


def can_retry(run):
    return run.job_id is not None and run.status in (RunStatus.FAILED, RunStatus.CANCELLED)


@transaction.atomic
def retry_consolidation(*, run, actor):
    """« Relancer »: run a failed or interrupted consolidation again, on the same selection and job."""
    run = ConsolidationRun.objects.select_for_update(of=("self",)).select_related("job").get(pk=run.pk)
    if not can_retry(run) or not jobs.restart(job=run.job):
        raise ValidationError(_("Seule une consolidation en échec ou annulée peut être relancée."))
    _update(run, status=RunStatus.QUEUED, error="", finished_at=None, best_so_far=None)
    journal.record(action="consolidation.retried", actor=actor, group=run.group, target=run)
    return run


def _update(run, **fields):
    ConsolidationRun.objects.filter(pk=run.pk).update(updated_at=timezone.now(), **fields)
    for name, value in fields.items():
        setattr(run, name, value)


def run_consolidation(job, progress):
    """Job handler: selection -> instance -> engine (with live progress, cancellable) -> plan and KPIs."""
    run = ConsolidationRun.objects.select_related("group").get(
        public_id=job.params["run"], group_id=job.group_id
    )
    _update(run, status=RunStatus.RUNNING)
    try:
        return _solve(run, progress)
    except JobCancelled:
        # A run reaped while its worker only paused already has its state (on_job_lost): keep it.
        if not Job.objects.filter(pk=job.pk, status=JobStatus.FAILED).exists():
            _update(run, status=RunStatus.CANCELLED, finished_at=timezone.now())
        raise
    except Exception as exc:
        _update(run, status=RunStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now())
        raise


CANCEL_POLL_SECONDS = 1.0


def _cancel_watch(job_id, stop):
    """`should_stop` for the engine: true once cancellation was seen by a progress report, or found on
    the job row, read at most once a second. The engine calls it from its own watcher thread, which
    uses (and closes after each read) a connection of its own; called from the handler's thread it
    only reads the flag, so the handler's connection and transaction are never touched."""
    handler_thread = threading.get_ident()
    last = {"at": time.monotonic()}

    def should_stop():
        if stop["requested"] or job_id is None or threading.get_ident() == handler_thread:
            return stop["requested"]
        now = time.monotonic()
        if now - last["at"] >= CANCEL_POLL_SECONDS:
            last["at"] = now
            try:
                if Job.objects.filter(pk=job_id, cancel_requested=True).exists():
                    stop["requested"] = True
            except DatabaseError:
                pass  # a busy database: try again at the next poll
            finally:
                connection.close()
        return stop["requested"]

    return should_stop


def _solve(run, progress):
    progress(1, _("Préparation des besoins"))
    needs = needs_for_instance(needs_of_group(run.group, run.filters))
    employees = None
    if run.include_employees:
        employees = employees_for_instance(Employee.objects.filter(group=run.group))
    instance, id_map = build_instance(needs, params=run.params, employees=employees, locks=run.locks)
    _update(run, instance=instance, id_map=id_map)
    try:
        engine_api.bound(instance)  # validates the instance before any long work
    except engine_api.InstanceError as exc:
        raise ValueError(_("Instance refusée par le moteur : %(error)s") % {"error": exc}) from exc
    progress(PROGRESS_BEFORE, _("%(n)s besoins envoyés au moteur") % {"n": len(instance["needs"])})

    stop = {"requested": False}

    def on_progress(phase, info):
        """Called by the engine between phases: record the best plan so far, pass on cancellation."""
        share = min(1.0, float(info.get("elapsed", 0)) / max(1, run.time_limit_seconds))
        percent = PROGRESS_BEFORE + (PROGRESS_AFTER - PROGRESS_BEFORE) * share
        _update(run, best_so_far={"phase": phase, **info})
        message = _("%(phase)s — meilleur plan : %(positions)s postes, %(placed)s placées") % {
            "phase": _phase_label(phase),
            "positions": info.get("positions", 0),
            "placed": format_duration(info.get("minutes_placed", 0)),
        }
        try:
            progress(percent, message)
        except JobCancelled:
            # The engine stops at its next check and still returns its best valid plan.
            stop["requested"] = True

    if len(instance["needs"]) > engine_api.distribute_above() and run.job_id is not None:
        plan = _solve_across_workers(run, instance, progress)
    else:
        plan = engine_api.solve(
            instance,
            time_limit=run.time_limit_seconds,
            seed=run.seed,
            workers=getattr(settings, "MUTUALIS_ENGINE_WORKERS", 1),
            progress=on_progress,
            should_stop=_cancel_watch(run.job_id, stop),
        )
    figures = kpis(plan, instance)
    figures.update(_placed_bound(instance, plan))
    _update(run, plan=plan, kpis=figures)
    if stop["requested"]:
        raise JobCancelled()
    _update(run, status=RunStatus.SUCCEEDED, finished_at=timezone.now())
    journal.record(
        action="consolidation.finished",
        actor_label=_("tâche de fond"),
        group=run.group,
        target=run,
        kpis=figures,
    )
    summary = _(
        "%(positions)s postes proposés, %(placed)s placées sur %(total)s, %(left)s besoins non placés."
    ) % {
        "positions": figures["positions"],
        "placed": format_duration(figures["minutes_placed"]),
        "total": format_duration(figures["minutes_total"]),
        "left": figures["unassigned"],
    }
    # The job page shows `link` as "Voir le résultat".
    link = reverse(
        "needs:study" if run.campaign_id else "needs:run_detail", kwargs={"public_id": run.public_id}
    )
    return {"summary": summary, "run": str(run.public_id), "kpis": figures, "link": link}


def _solve_across_workers(run, instance, progress):
    """Large runs: independent sub-problems as tasks that every worker shares (docs/engine.md)."""

    def on_pieces(done, total):
        percent = PROGRESS_BEFORE + (PROGRESS_AFTER - PROGRESS_BEFORE) * done / max(1, total)
        progress(percent, _("%(done)s sous-problèmes résolus sur %(total)s") % {"done": done, "total": total})

    return engine_api.solve_distributed(
        run.job, instance, time_limit=run.time_limit_seconds, seed=run.seed, progress=on_pieces
    )


def _placed_bound(instance, plan):
    """Lower bound for the needs the plan places (docs/engine.md: that bound never exceeds the plan's
    positions), so that the gap means something even when some needs stay unassigned."""
    placed = {n for p in plan.get("positions", []) for n in p["needs"]}
    if not placed:
        return {"lower_bound_placed": 0, "gap_to_lower_bound": 0}
    subset = {**instance, "needs": [n for n in instance["needs"] if n["id"] in placed]}
    try:
        lower = engine_api.bound(subset)["lower_bound_positions"]
    except engine_api.InstanceError:  # pragma: no cover - the full instance was valid
        return {}
    return {"lower_bound_placed": lower, "gap_to_lower_bound": len(plan.get("positions", [])) - lower}


# --- Deciding ----------------------------------------------------------------------------------


def locks_from_decisions(run, *, lock_positions=(), moves=None):
    """Lock groups for a re-run: each locked position keeps its needs, and a need moved to a position
    joins that position's group (which is then locked too). `moves`: {need public id: position id}."""
    moves = {str(k): v for k, v in (moves or {}).items() if v}
    public = plan_to_public(run.plan or {}, run.id_map or {})
    proposed = {p["id"]: p for p in public["positions"]}
    unknown = sorted({*lock_positions, *moves.values()} - set(proposed))
    if unknown:
        raise ValidationError(
            {"positions": _("Poste inconnu dans ce plan : %(ids)s.") % {"ids": ", ".join(unknown)}}
        )
    known_needs = {n for p in proposed.values() for n in p["needs"]} | {
        u["need"] for u in public["unassigned"]
    }
    stray = sorted(set(moves) - known_needs)
    if stray:
        raise ValidationError({"needs": _("Besoin absent de cette consolidation.")})
    groups = {}
    for pid in {*lock_positions, *moves.values()}:
        groups[pid] = [n for n in proposed[pid]["needs"] if moves.get(n, pid) == pid]
    for need, pid in moves.items():
        if need not in groups[pid]:
            groups[pid].append(need)
    return [sorted(group) for _pid, group in sorted(groups.items()) if len(group) > 1]


def rerun(*, run, actor, lock_positions=(), moves=None):
    """Start a new run on the same selection and parameters, around the planner's locks and moves."""
    locks = locks_from_decisions(run, lock_positions=lock_positions, moves=moves)
    if not locks:
        raise ValidationError(
            {"positions": _("Verrouillez un poste ou déplacez un besoin avant de relancer.")}
        )
    return start_consolidation(
        actor=actor,
        group=run.group,
        filters=run.filters,
        params=run.params,
        seed=run.seed,
        time_limit_seconds=run.time_limit_seconds,
        include_employees=run.include_employees,
        label=(_("%(label)s — relance avec verrous") % {"label": run})[:200],
        campaign=run.campaign,
        locks=locks,
        parent=run,
    )


def _most_common(values):
    values = [v for v in values if v]
    return Counter(values).most_common(1)[0][0] if values else ""


@transaction.atomic
def accept_positions(*, run, position_ids, actor):
    """Turn proposed positions (plan ids 'p1'…) into `Position`s to recruit for; their needs become
    consolidated and the members concerned are told by e-mail once the transaction commits."""
    run = ConsolidationRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.SUCCEEDED or not run.plan:
        raise ValidationError({"positions": _("Cette consolidation n'a pas de plan terminé.")})
    public = plan_to_public(run.plan, run.id_map)
    proposed = {p["id"]: p for p in public["positions"]}
    wanted = list(dict.fromkeys(position_ids))
    if not wanted:
        raise ValidationError({"positions": _("Choisissez au moins un poste.")})
    unknown = [pid for pid in wanted if pid not in proposed]
    if unknown:
        raise ValidationError(
            {"positions": _("Poste inconnu dans ce plan : %(ids)s.") % {"ids": ", ".join(unknown)}}
        )
    taken = set(run.positions.filter(plan_position_id__in=wanted).values_list("plan_position_id", flat=True))
    if taken:
        raise ValidationError(
            {"positions": _("Poste déjà accepté : %(ids)s.") % {"ids": ", ".join(sorted(taken))}}
        )
    created = []
    for pid in wanted:
        proposal = proposed[pid]
        needs = list(
            Need.objects.select_for_update(of=("self",))
            .filter(group_id=run.group_id, public_id__in=proposal["needs"])
            .select_related("member", "declaration")
        )
        stale = [n for n in needs if n.status != NeedStatus.OPEN]
        if len(needs) != len(proposal["needs"]) or stale:
            raise ValidationError(
                {
                    "positions": _(
                        "Le poste %(id)s contient un besoin qui a changé depuis la consolidation "
                        "(retiré ou déjà consolidé) : relancez une consolidation."
                    )
                    % {"id": pid}
                }
            )
        employee = None
        if proposal["employee"] and proposal["employee"].startswith("employee:"):
            employee = Employee.objects.filter(
                group_id=run.group_id, public_id=proposal["employee"].partition(":")[2]
            ).first()
        position = Position.objects.create(
            group_id=run.group_id,
            run=run,
            plan_position_id=pid,
            title=_most_common(n.job_title for n in needs),
            rome_code=_most_common(n.rome_code for n in needs),
            weekly_minutes=proposal["weekly_minutes"],
            travel_minutes=proposal["travel_minutes"],
            schedule=proposal["schedule"],
            employee=employee,
            accepted_by=actor,
            accepted_at=timezone.now(),
        )
        position.needs.set(needs)
        position.members.set({n.member for n in needs if n.member_id})
        Need.objects.filter(pk__in=[n.pk for n in needs]).update(
            status=NeedStatus.CONSOLIDATED, updated_at=timezone.now()
        )
        journal.record(
            action="position.accepted",
            actor=actor,
            group=run.group,
            target=position,
            run=str(run.public_id),
            plan_position=pid,
            needs=proposal["needs"],
        )
        created.append(position)
    transaction.on_commit(lambda: notify_accepted_positions(created))
    return created


def _recipients(position):
    """E-mail addresses of the people to tell: member contacts (or the member's address), census contacts."""
    addresses = set()
    member_ids = [m.pk for m in position.members.all()]
    contacts = Membership.objects.filter(
        member_id__in=member_ids, role=Role.MEMBER_CONTACT, is_active=True, user__is_active=True
    ).select_related("user", "member")
    reached = set()
    for membership in contacts:
        if membership.user.email:
            addresses.add(membership.user.email)
            reached.add(membership.member_id)
    for member in position.members.all():
        if member.pk not in reached and member.email:
            addresses.add(member.email)
    for need in position.needs.all():
        if need.declaration_id and need.declaration.contact_email:
            addresses.add(need.declaration.contact_email)
    return sorted(addresses)


def notify_accepted_positions(positions):
    for position in positions:
        recipients = _recipients(position)
        if not recipients:
            continue
        members = ", ".join(sorted(n.organisation_name for n in position.needs.all()))
        subject = _("Un poste à temps partagé est créé pour vos besoins : %(title)s") % {
            "title": position.title
        }
        body = _(
            "Bonjour,\n\n"
            "Le groupement %(group)s a retenu un poste à temps partagé « %(title)s » de %(hours)s par "
            "semaine, qui réunit les besoins de : %(members)s.\n\n"
            "Le recrutement en CDI va commencer ; nous reviendrons vers vous pour la mise à disposition.\n\n"
            "Ceci est un message automatique de Mutualis."
        ) % {
            "group": position.group.name,
            "title": position.title,
            "hours": format_duration(position.weekly_minutes),
            "members": members,
        }
        send_mail(subject, body, None, recipients)
