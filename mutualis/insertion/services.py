"""Writes of the insertion domain: keyword-only, atomic, validated, journaled, on the timeline.

`record_event` is the entry point for other domains (appointments, recruitment, local offer): it
appends one event to a person's timeline (docs/insertion.md, « Events from other domains »).
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mutualis.accounts.models import Membership
from mutualis.accounts.roles import Role
from mutualis.core import journal
from mutualis.core.archiving import apply_fields

from . import diagnostics
from .enums import (
    ActionStatus,
    CorrectionStatus,
    DiagnosticStatus,
    FollowUpStatus,
    GivenVia,
    LinkedContract,
    MemberRole,
    Part,
    ReviewStatus,
    TaskKind,
    TemplateStatus,
)
from .models import (
    Action,
    Axis,
    Beneficiary,
    CorrectionRequest,
    Diagnostic,
    DiagnosticTemplate,
    FollowUp,
    FollowUpMember,
    FollowUpTask,
    JourneyEvent,
    Objective,
    SituationReview,
    add_months,
)

POST_HIRE_CHECKINS = ((1, TaskKind.POST_HIRE_1), (3, TaskKind.POST_HIRE_3), (6, TaskKind.POST_HIRE_6))


def _label(user):
    if user is None:
        return _("système")
    return user.get_full_name() or user.get_username()


def _actor_label(actor, membership=None):
    label = _label(actor)
    if membership is not None and membership.role != Role.PERSON:
        return f"{label} ({membership.organisation_label})"
    return label


# --- Timeline ----------------------------------------------------------------------------------


def record_event(
    *,
    follow_up,
    kind,
    summary,
    actor=None,
    actor_label="",
    part=Part.PLAN,
    source="insertion",
    ref=None,
    ref_type="",
    ref_id="",
    occurred_at=None,
):
    """Append one event to a follow-up's timeline (never updated, never deleted).

    Other domains pass their `source` ("appointments"…), the consent `part` their event belongs to
    (an appointment: `Part.APPOINTMENTS`) and a reference to their object (`ref`, or `ref_type` +
    `ref_id`). `summary` is read by the professionals the consent allows: no health detail in it.
    """
    if ref is not None:
        ref_type = ref._meta.label_lower
        ref_id = str(getattr(ref, "public_id", ref.pk))
    event = JourneyEvent(
        follow_up=follow_up,
        kind=kind,
        part=part,
        source=source,
        summary=str(summary)[:300],
        actor=actor,
        actor_label=actor_label or _label(actor),
        ref_type=ref_type,
        ref_id=ref_id,
        occurred_at=occurred_at or timezone.now(),
    )
    event.full_clean()
    event.save()
    touch(follow_up)
    return event


def touch(follow_up):
    """Any activity postpones anonymisation (and voids a notice already sent)."""
    FollowUp.objects.filter(pk=follow_up.pk).update(
        last_activity_at=timezone.now(), anonymisation_notice_at=None
    )


# --- The person ---------------------------------------------------------------------------------


@transaction.atomic
def create_beneficiary(*, actor, membership, **fields):
    """A new person accompanied by `membership`'s structure, who becomes her référent."""
    from .consents import structure_of

    structure = structure_of(membership)
    if structure is None:
        raise ValidationError(_("Seul un professionnel qui accompagne peut créer un parcours."))
    kind, pk = structure
    beneficiary = Beneficiary(**{f"{kind}_id": pk})
    apply_fields(beneficiary, fields)
    beneficiary.full_clean()
    beneficiary.save()
    follow_up = FollowUp(beneficiary=beneficiary)
    follow_up.full_clean()
    follow_up.save()
    FollowUpMember.objects.create(follow_up=follow_up, membership=membership, role=MemberRole.REFERENT)
    journal.record(
        action="insertion.beneficiary_created", actor=actor, group=membership.group, target=beneficiary
    )
    record_event(
        follow_up=follow_up,
        kind="follow_up_started",
        part=Part.IDENTITY,
        actor=actor,
        actor_label=_actor_label(actor, membership),
        summary=_("Accompagnement ouvert ; référent : %(name)s") % {"name": _label(actor)},
    )
    return beneficiary


@transaction.atomic
def update_beneficiary(*, actor, beneficiary, **fields):
    apply_fields(beneficiary, fields)
    beneficiary.full_clean()
    beneficiary.save()
    journal.record(
        action="insertion.beneficiary_updated", actor=actor, target=beneficiary, fields=sorted(fields)
    )
    record_event(
        follow_up=beneficiary.follow_up,
        kind="identity_updated",
        part=Part.IDENTITY,
        actor=actor,
        summary=_("Identité ou situation mise à jour"),
    )
    return beneficiary


@transaction.atomic
def open_person_account(*, actor, beneficiary):
    """Give the person her own login (no password: she signs in by e-mail link)."""
    if not beneficiary.email:
        raise ValidationError({"email": _("Indiquez le courriel de la personne pour lui ouvrir son espace.")})
    if beneficiary.user_id:
        return beneficiary.user
    user_model = get_user_model()
    if user_model.objects.filter(email__iexact=beneficiary.email).exists():
        raise ValidationError({"email": _("Un compte existe déjà avec ce courriel.")})
    user = user_model(
        username=f"personne-{beneficiary.public_id.hex[:12]}",
        email=beneficiary.email,
        first_name=beneficiary.first_name,
        last_name=beneficiary.last_name,
    )
    user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, role=Role.PERSON)
    beneficiary.user = user
    beneficiary.save(update_fields=["user", "updated_at"])
    journal.record(action="insertion.person_account_opened", actor=actor, target=beneficiary)
    record_event(
        follow_up=beneficiary.follow_up,
        kind="person_account_opened",
        part=Part.IDENTITY,
        actor=actor,
        summary=_("Espace personnel ouvert à la personne"),
    )
    return user


# --- Diagnostic templates --------------------------------------------------------------------------


def current_template(code=None):
    from .default_template import CODE

    return (
        DiagnosticTemplate.objects.filter(code=code or CODE, status=TemplateStatus.PUBLISHED)
        .order_by("-version")
        .first()
    )


@transaction.atomic
def new_template_version(*, actor, template):
    """A draft copy of `template` with the next version number (the way to change a published model)."""
    draft = DiagnosticTemplate.objects.filter(code=template.code, status=TemplateStatus.DRAFT).first()
    if draft is not None:
        return draft
    last = DiagnosticTemplate.objects.filter(code=template.code).order_by("-version").first()
    draft = DiagnosticTemplate(
        code=template.code,
        version=last.version + 1,
        title=template.title,
        schema=template.schema,
        created_by=actor,
    )
    draft.full_clean()
    draft.save()
    journal.record(action="insertion.template_drafted", actor=actor, target=draft)
    return draft


@transaction.atomic
def update_template(*, actor, template, title, schema):
    """Edit a draft; a published (or retired) version refuses every edit."""
    template.title = title
    template.schema = schema
    template.full_clean()
    template.save()
    journal.record(action="insertion.template_updated", actor=actor, target=template)
    return template


@transaction.atomic
def publish_template(*, actor, template):
    if template.status != TemplateStatus.DRAFT:
        raise ValidationError({"status": _("Seul un brouillon se publie.")})
    template.full_clean()
    DiagnosticTemplate.objects.filter(code=template.code, status=TemplateStatus.PUBLISHED).update(
        status=TemplateStatus.RETIRED
    )
    template.status = TemplateStatus.PUBLISHED
    template.published_at = timezone.now()
    template.save(update_fields=["status", "published_at"])
    journal.record(action="insertion.template_published", actor=actor, target=template)
    return template


# --- Diagnostics ---------------------------------------------------------------------------------


@transaction.atomic
def record_diagnostic(
    *, actor, beneficiary, answers, template=None, summary="", co_built=True, membership=None
):
    """A new version of the person's diagnostic; the previous one is kept, marked superseded."""
    template = template or current_template()
    if template is None:
        raise ValidationError({"template": _("Aucun modèle de diagnostic publié.")})
    previous = beneficiary.diagnostics.select_for_update().order_by("-version").first()
    constraints, needs = diagnostics.derive(
        template.schema, answers or {}, previous.constraints if previous else ()
    )
    diagnostic = Diagnostic(
        beneficiary=beneficiary,
        template=template,
        version=(previous.version + 1) if previous else 1,
        answers=answers or {},
        constraints=constraints,
        needs=needs,
        summary=summary,
        co_built=co_built,
        author=actor,
        author_label=_actor_label(actor, membership),
        content_hash=diagnostics.content_hash(template, answers or {}),
    )
    diagnostic.full_clean()
    if previous is not None:
        Diagnostic.objects.filter(pk=previous.pk).update(status=DiagnosticStatus.SUPERSEDED)
    diagnostic.save()
    journal.record(
        action="insertion.diagnostic_recorded", actor=actor, target=diagnostic, version=diagnostic.version
    )
    record_event(
        follow_up=beneficiary.follow_up,
        kind="diagnostic_recorded",
        part=Part.DIAGNOSTIC,
        actor=actor,
        actor_label=diagnostic.author_label,
        summary=_("Diagnostic version %(version)d enregistré") % {"version": diagnostic.version},
        ref=diagnostic,
    )
    return diagnostic


# --- Members ---------------------------------------------------------------------------------------


@transaction.atomic
def add_member(*, actor, follow_up, membership, role):
    if membership.role == Role.PERSON:
        raise ValidationError(
            {"membership": _("La personne accompagnée n'est pas membre de son propre suivi.")}
        )
    if follow_up.members.filter(membership=membership, ended_on__isnull=True).exists():
        raise ValidationError({"membership": _("Ce professionnel fait déjà partie du suivi.")})
    member = FollowUpMember(follow_up=follow_up, membership=membership, role=role)
    member.full_clean()
    member.save()
    record_event(
        follow_up=follow_up,
        kind="member_added",
        actor=actor,
        summary=_("%(name)s rejoint le suivi (%(role)s)")
        % {"name": _actor_label(membership.user, membership), "role": member.get_role_display()},
    )
    return member


@transaction.atomic
def end_member(*, actor, member, reason, ended_on=None):
    member.ended_on = ended_on or timezone.localdate()
    member.end_reason = reason
    member.full_clean()
    member.save(update_fields=["ended_on", "end_reason"])
    record_event(
        follow_up=member.follow_up,
        kind="member_ended",
        actor=actor,
        summary=_("%(name)s quitte le suivi : %(reason)s")
        % {"name": _label(member.membership.user), "reason": reason},
    )
    return member


# --- Plan: axes, objectives, actions ----------------------------------------------------------------


def _open_follow_up(follow_up):
    if follow_up.status == FollowUpStatus.CLOSED:
        raise ValidationError(_("Ce suivi est clos : rouvrez un accompagnement pour le modifier."))


@transaction.atomic
def add_axis(*, actor, follow_up, theme):
    _open_follow_up(follow_up)
    axis = Axis(follow_up=follow_up, theme=theme)
    axis.full_clean()
    axis.save()
    record_event(
        follow_up=follow_up,
        kind="axis_added",
        actor=actor,
        summary=_("Axe ajouté : %(theme)s") % {"theme": axis.get_theme_display()},
        ref=axis,
    )
    return axis


@transaction.atomic
def close_axis(*, actor, axis):
    axis.closed_at = timezone.now()
    axis.save(update_fields=["closed_at"])
    record_event(
        follow_up=axis.follow_up,
        kind="axis_closed",
        actor=actor,
        summary=_("Axe clos : %(theme)s") % {"theme": axis.get_theme_display()},
        ref=axis,
    )
    return axis


@transaction.atomic
def add_objective(*, actor, axis, title, linked_contract=LinkedContract.NONE, person_agreed_via=""):
    """An objective; one linked to a contract needs the person's agreement first (recorded with it)."""
    _open_follow_up(axis.follow_up)
    if axis.closed_at is not None:
        raise ValidationError({"axis": _("Cet axe est clos : on n'y ajoute plus d'objectif.")})
    objective = Objective(axis=axis, title=title, linked_contract=linked_contract)
    if person_agreed_via:
        objective.person_agreed_at = timezone.now()
        objective.person_agreed_via = person_agreed_via
    objective.full_clean()
    objective.save()
    record_event(
        follow_up=axis.follow_up,
        kind="objective_added",
        actor=actor,
        summary=_("Objectif ajouté : %(title)s") % {"title": title},
        ref=objective,
    )
    return objective


@transaction.atomic
def update_objective(*, actor, objective, **fields):
    _open_follow_up(objective.axis.follow_up)
    apply_fields(objective, fields)
    objective.full_clean()
    objective.save()
    record_event(
        follow_up=objective.axis.follow_up,
        kind="objective_updated",
        actor=actor,
        summary=_("Objectif « %(title)s » : %(status)s")
        % {"title": objective.title, "status": objective.get_status_display()},
        ref=objective,
    )
    return objective


@transaction.atomic
def agree_objective(*, actor, objective):
    """The person agrees to an objective from her own space."""
    if objective.person_agreed_at is None:
        objective.person_agreed_at = timezone.now()
        objective.person_agreed_via = GivenVia.ONLINE
        objective.save(update_fields=["person_agreed_at", "person_agreed_via"])
        record_event(
            follow_up=objective.axis.follow_up,
            kind="objective_agreed",
            actor=actor,
            summary=_("La personne a donné son accord à l'objectif « %(title)s »")
            % {"title": objective.title},
            ref=objective,
        )
    return objective


@transaction.atomic
def add_action(*, actor, objective, title, due_on=None, status=ActionStatus.PLANNED):
    _open_follow_up(objective.axis.follow_up)
    action = Action(objective=objective, title=title, due_on=due_on, status=status)
    action.full_clean()
    action.save()
    record_event(
        follow_up=objective.axis.follow_up,
        kind="action_added",
        actor=actor,
        summary=_("Action prévue : %(title)s") % {"title": title},
        ref=action,
    )
    return action


@transaction.atomic
def update_action(*, actor, action, **fields):
    _open_follow_up(action.objective.axis.follow_up)
    apply_fields(action, fields)
    if action.status == ActionStatus.DONE and action.done_on is None:
        action.done_on = timezone.localdate()
    action.full_clean()
    action.save()
    record_event(
        follow_up=action.objective.axis.follow_up,
        kind="action_updated",
        actor=actor,
        summary=_("Action « %(title)s » : %(status)s")
        % {"title": action.title, "status": action.get_status_display()},
        ref=action,
    )
    return action


# --- States: hire, post-hire, exit, outcome -----------------------------------------------------------


@transaction.atomic
def record_hire(*, actor, follow_up, hired_on, employer, job_title="", contract="", employee=None):
    """A durable job with any employer: the follow-up goes on for 6 months, with check-ins at 1, 3, 6."""
    _open_follow_up(follow_up)
    if not employer:
        raise ValidationError({"hire_employer": _("Indiquez l'employeur.")})
    follow_up.status = FollowUpStatus.POST_HIRE
    follow_up.hired_on = hired_on
    follow_up.hire_employer = employer
    follow_up.hire_job_title = job_title
    follow_up.hire_contract = contract
    follow_up.post_hire_until = add_months(hired_on, FollowUp.POST_HIRE_MONTHS)
    follow_up.full_clean()
    follow_up.save()
    for months, kind in POST_HIRE_CHECKINS:
        FollowUpTask.objects.get_or_create(
            follow_up=follow_up, kind=kind, due_on=add_months(hired_on, months)
        )
    if employee is not None:
        Beneficiary.objects.filter(pk=follow_up.beneficiary_id).update(employee=employee)
    record_event(
        follow_up=follow_up,
        kind="hired",
        actor=actor,
        summary=_("Embauche chez %(employer)s le %(date)s : suivi dans l'emploi jusqu'au %(until)s")
        % {
            "employer": employer,
            "date": hired_on.strftime("%d/%m/%Y"),
            "until": follow_up.post_hire_until.strftime("%d/%m/%Y"),
        },
    )
    return follow_up


@transaction.atomic
def close_follow_up(*, actor, follow_up, exit_outcome, closed_on=None, exit_note=""):
    """Exit: the outcome is required; the situation 6 months later becomes a task of the référent."""
    if follow_up.status == FollowUpStatus.CLOSED:
        raise ValidationError(_("Ce suivi est déjà clos."))
    if not exit_outcome:
        raise ValidationError({"exit_outcome": _("Indiquez la situation à la sortie.")})
    closed_on = closed_on or timezone.localdate()
    follow_up.status = FollowUpStatus.CLOSED
    follow_up.exit_outcome = exit_outcome
    follow_up.exit_note = exit_note
    follow_up.closed_on = closed_on
    follow_up.outcome_due_on = add_months(closed_on, FollowUp.OUTCOME_AFTER_MONTHS)
    follow_up.full_clean()
    follow_up.save()
    FollowUpTask.objects.filter(follow_up=follow_up, done_at__isnull=True).exclude(
        kind=TaskKind.OUTCOME_6M
    ).update(done_at=timezone.now(), done_by=actor)
    FollowUpTask.objects.get_or_create(
        follow_up=follow_up, kind=TaskKind.OUTCOME_6M, due_on=follow_up.outcome_due_on
    )
    record_event(
        follow_up=follow_up,
        kind="closed",
        actor=actor,
        summary=_("Sortie le %(date)s : %(outcome)s")
        % {"date": closed_on.strftime("%d/%m/%Y"), "outcome": follow_up.get_exit_outcome_display()},
    )
    return follow_up


@transaction.atomic
def record_outcome_6m(*, actor, follow_up, outcome, note=""):
    if follow_up.status != FollowUpStatus.CLOSED:
        raise ValidationError({"outcome_6m": _("La situation à 6 mois se note après la sortie.")})
    if not outcome:
        raise ValidationError({"outcome_6m": _("Indiquez la situation 6 mois après la sortie.")})
    follow_up.outcome_6m = outcome
    follow_up.outcome_6m_note = note
    follow_up.full_clean()
    follow_up.save(update_fields=["outcome_6m", "outcome_6m_note"])
    follow_up.tasks.filter(kind=TaskKind.OUTCOME_6M, done_at__isnull=True).update(
        done_at=timezone.now(), done_by=actor
    )
    record_event(
        follow_up=follow_up,
        kind="outcome_6m",
        actor=actor,
        summary=_("Situation 6 mois après la sortie : %(outcome)s")
        % {"outcome": follow_up.get_outcome_6m_display()},
    )
    return follow_up


@transaction.atomic
def complete_task(*, actor, task):
    if task.kind == TaskKind.OUTCOME_6M:
        raise ValidationError(_("Cette tâche se termine en notant la situation à 6 mois."))
    if task.done_at is None:
        task.done_at = timezone.now()
        task.done_by = actor
        task.save(update_fields=["done_at", "done_by"])
        record_event(
            follow_up=task.follow_up,
            kind="task_done",
            actor=actor,
            summary=_("Fait : %(task)s") % {"task": task.get_kind_display()},
        )
    return task


# --- The person's requests ----------------------------------------------------------------------


@transaction.atomic
def request_correction(*, actor, beneficiary, part, message):
    request = CorrectionRequest(beneficiary=beneficiary, part=part, message=message)
    request.full_clean()
    request.save()
    record_event(
        follow_up=beneficiary.follow_up,
        kind="correction_requested",
        part=Part.IDENTITY,
        actor=actor,
        summary=_("La personne demande une correction (%(part)s)") % {"part": request.get_part_display()},
        ref=request,
    )
    return request


@transaction.atomic
def answer_correction(*, actor, request, status, answer):
    if status not in (CorrectionStatus.DONE, CorrectionStatus.REJECTED):
        raise ValidationError({"status": _("Répondez « corrigé » ou « refusé ».")})
    if not answer.strip():
        raise ValidationError({"answer": _("Expliquez la réponse à la personne.")})
    request.status, request.answer = status, answer
    request.answered_at, request.answered_by = timezone.now(), actor
    request.full_clean()
    request.save()
    record_event(
        follow_up=request.beneficiary.follow_up,
        kind="correction_answered",
        part=Part.IDENTITY,
        actor=actor,
        summary=_("Demande de correction : %(status)s") % {"status": request.get_status_display()},
        ref=request,
    )
    return request


# --- « Sans solution » review ------------------------------------------------------------------------


@transaction.atomic
def submit_review(*, actor, membership, beneficiary, reason):
    if beneficiary.reviews.filter(status=ReviewStatus.SUBMITTED).exists():
        raise ValidationError({"reason": _("La situation de cette personne est déjà soumise à l'examen.")})
    review = SituationReview(
        beneficiary=beneficiary,
        submitted_by=actor,
        submitted_by_label=_actor_label(actor, membership),
        reason=reason,
    )
    review.full_clean()
    review.save()
    record_event(
        follow_up=beneficiary.follow_up,
        kind="review_submitted",
        actor=actor,
        summary=_("Situation soumise à l'examen « sans solution »"),
        ref=review,
    )
    return review


@transaction.atomic
def decide_review(*, actor, review, meeting_on, participants, decision, decision_note):
    review.refresh_from_db()  # the stored state decides, not a copy left by a refused attempt
    if review.status != ReviewStatus.SUBMITTED:
        raise ValidationError({"decision": _("Cette situation a déjà reçu une décision.")})
    review.status = ReviewStatus.DECIDED
    review.meeting_on = meeting_on
    review.participants = participants
    review.decision = decision
    review.decision_note = decision_note
    review.decided_by = actor
    review.decided_at = timezone.now()
    review.full_clean()
    review.save()
    record_event(
        follow_up=review.beneficiary.follow_up,
        kind="review_decided",
        actor=actor,
        summary=_("Examen « sans solution » du %(date)s : %(decision)s")
        % {"date": meeting_on.strftime("%d/%m/%Y"), "decision": review.get_decision_display()},
        ref=review,
    )
    return review


# --- Reminders ---------------------------------------------------------------------------------------


def send_due_reminders(*, today=None, dry_run=False):
    """E-mail each référent the tasks due today or before and not yet reminded.

    The message names the task and links to the carnet; it carries no health or social data (no
    diagnostic, no rights, no situation), only the person's first name.
    """
    from django.core.mail import send_mail

    today = today or timezone.localdate()
    due = (
        FollowUpTask.objects.filter(done_at__isnull=True, reminded_at__isnull=True, due_on__lte=today)
        .select_related("follow_up__beneficiary")
        .order_by("due_on", "id")
    )
    sent = 0
    for task in due:
        referent = task.follow_up.referent_member
        if referent is None or not referent.membership.user.email:
            continue
        if not dry_run:
            send_mail(*reminder_message(task), None, [referent.membership.user.email])
            FollowUpTask.objects.filter(pk=task.pk).update(reminded_at=timezone.now())
        sent += 1
    return sent


def reminder_message(task):
    from django.conf import settings

    person = task.follow_up.beneficiary.first_name
    subject = _("Mutualis : %(task)s") % {"task": task.get_kind_display()}
    base = getattr(settings, "MUTUALIS_BASE_URL", "").rstrip("/")
    body = _(
        "Bonjour,\n\nUne tâche de suivi vous attend pour %(person)s : %(task)s (à faire le %(date)s).\n"
        "Ouvrez le carnet de bord : %(url)s\n\nMutualis"
    ) % {
        "person": person,
        "task": task.get_kind_display(),
        "date": task.due_on.strftime("%d/%m/%Y"),
        "url": f"{base}/insertion/suivis/{task.follow_up.public_id}/",
    }
    return subject, body
