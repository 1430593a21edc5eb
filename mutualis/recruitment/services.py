"""Writes of recruitment: offers from positions and their states, candidates, applications and their
logged transitions, and the hire (employee + CDI + assignments) in one transaction.

Every function validates with `full_clean()` and raises `ValidationError` keyed by field with a French
message; nothing is half-saved (`transaction.atomic`)."""

import datetime as dt
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mutualis.core import journal
from mutualis.core.constraints import constraint_message
from mutualis.employees.models import Contract, ContractKind, Employee, Skill
from mutualis.needs.models import NeedStatus, Position, PositionStatus
from mutualis.referential.selectors import skills_for

from .models import (
    APPLICATION_TRANSITIONS,
    APPLIED_TWICE,
    LIVE_OFFER_STATUSES,
    OFFER_ALREADY_LIVE,
    OFFER_TRANSITIONS,
    OPEN_APPLICATION_STATUSES,
    Application,
    ApplicationStatus,
    ApplicationTransition,
    Candidate,
    CandidateSkill,
    CandidateSource,
    JobOffer,
    OfferSkill,
    OfferStatus,
    Requirement,
)
from .wages import minimum_hourly_wage_on, validate_minimum_wage

STALE_OFFER_DAYS = 90
UNANSWERED_APPLICATION_DAYS = 60
CV_MAX_BYTES = 5 * 1024 * 1024
POOL_CONSENT_MONTHS = 24


class IllegalTransition(ValidationError):
    """A state change the state machine does not allow (the API answers 409)."""


@dataclass(frozen=True)
class SkillSpec:
    skill: Skill
    requirement: str = Requirement.REQUIRED
    weight: int = 2
    level: int = 2


def _actor_label(actor):
    return actor.get_username() if actor is not None else "système"


def _check_skills(group, skills, field="skills"):
    allowed = set(skills_for(group).filter(pk__in=[s.pk for s in skills]).values_list("pk", flat=True))
    unknown = [str(s) for s in skills if s.pk not in allowed]
    if unknown:
        raise ValidationError({field: _("Compétence inconnue : %(names)s.") % {"names": ", ".join(unknown)}})


# --- Offers ---------------------------------------------------------------------------------------


def _default_pay(start_date):
    """The SMIC rounded up to the cent (the lowest pay an offer may show)."""
    return minimum_hourly_wage_on(start_date).quantize(Decimal("0.01"), rounding=ROUND_CEILING)


def _position_skills(position):
    """The skills the position's needs ask for, as required skills of weight 2."""
    seen = {}
    for need in position.needs.all():
        for skill in need.skills.all():
            seen.setdefault(skill.pk, SkillSpec(skill=skill))
    return list(seen.values())


@transaction.atomic
def create_offer_from_position(*, actor, position, **fields):
    """One step from an accepted position to a draft offer, pre-filled from it (title, job, hours,
    week, skills of its needs, pay at the SMIC, start in four weeks); `fields` override."""
    position = Position.objects.select_for_update().get(pk=position.pk)
    if position.status != PositionStatus.OPEN:
        raise ValidationError({"position": _("Ce poste n'est plus à recruter.")})
    if JobOffer.objects.filter(position=position, status__in=LIVE_OFFER_STATUSES).exists():
        raise ValidationError({"position": constraint_message(JobOffer, OFFER_ALREADY_LIVE)})
    skills = fields.pop("skills", None)
    start_date = fields.pop("start_date", None) or timezone.localdate() + dt.timedelta(weeks=4)
    offer = JobOffer(
        group_id=position.group_id,
        position=position,
        title=position.title,
        rome_code=position.rome_code,
        weekly_minutes=position.weekly_minutes,
        schedule=[{"start": s["start"], "end": s["end"]} for s in position.schedule],
        start_date=start_date,
        pay_min=_default_pay(start_date),
        created_by=actor,
        last_activity_at=timezone.now(),
    )
    for name, value in fields.items():
        setattr(offer, name, value)
    offer.full_clean()
    offer.save()
    set_offer_skills(offer=offer, skills=_position_skills(position) if skills is None else skills)
    journal.record(action="recruitment.offer_created", actor=actor, group=position.group, target=offer)
    return offer


EDITABLE_OFFER_FIELDS = (
    "title",
    "rome_code",
    "description",
    "weekly_minutes",
    "schedule",
    "show_member_names",
    "pay_min",
    "pay_max",
    "start_date",
)


@transaction.atomic
def update_offer(*, actor, offer, skills=None, **fields):
    if not offer.is_live:
        raise ValidationError({"status": _("Une offre pourvue ou close ne se modifie plus.")})
    unknown = set(fields) - set(EDITABLE_OFFER_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("Ce champ ne se modifie pas ici.")})
    for name, value in fields.items():
        setattr(offer, name, value)
    offer.last_activity_at = timezone.now()
    offer.full_clean()
    offer.save()
    if skills is not None:
        set_offer_skills(offer=offer, skills=skills)
    journal.record(
        action="recruitment.offer_updated",
        actor=actor,
        group=offer.group,
        target=offer,
        fields=sorted(fields),
    )
    return offer


def set_offer_skills(*, offer, skills):
    skills = list(skills)
    _check_skills(offer.group, [s.skill for s in skills])
    seen = set()
    rows = []
    for spec in skills:
        if spec.skill.pk in seen:
            raise ValidationError({"skills": _("« %(skill)s » figure deux fois.") % {"skill": spec.skill}})
        seen.add(spec.skill.pk)
        row = OfferSkill(
            offer=offer, skill=spec.skill, requirement=spec.requirement, weight=spec.weight, level=spec.level
        )
        try:
            row.full_clean(exclude=["offer"])
        except ValidationError as exc:
            raise ValidationError({"skills": [f"{spec.skill} : {m}" for m in exc.messages]}) from exc
        rows.append(row)
    offer.skills.all().delete()
    OfferSkill.objects.bulk_create(rows)


@transaction.atomic
def set_offer_status(*, actor, offer, status, now=None):
    """draft → published ⇄ paused → closed (filled comes from a hire)."""
    now = now or timezone.now()
    offer = JobOffer.objects.select_for_update().get(pk=offer.pk)
    if status == offer.status:
        return offer
    if status not in OFFER_TRANSITIONS.get(offer.status, ()) or status == OfferStatus.FILLED:
        raise IllegalTransition(
            {
                "status": _("Une offre « %(from)s » ne peut pas passer à « %(to)s ».")
                % {"from": offer.get_status_display(), "to": OfferStatus(status).label}
            }
        )
    if status == OfferStatus.PUBLISHED:
        if offer.position.status != PositionStatus.OPEN:
            raise ValidationError({"status": _("Le poste de cette offre n'est plus à recruter.")})
        offer.full_clean()  # the pay floor is checked again on the day of publication
        offer.published_at = offer.published_at or now
    before = offer.status
    offer.status = status
    offer.last_activity_at = now
    offer.save(update_fields=["status", "published_at", "last_activity_at", "updated_at"])
    journal.record(
        action="recruitment.offer_status",
        actor=actor,
        group=offer.group,
        target=offer,
        before=before,
        after=status,
    )
    return offer


def unpublish_stale_offers(*, now=None, dry_run=False):
    """Pause the published offers the GE has not touched for 90 days. Returns the offers concerned."""
    now = now or timezone.now()
    limit = now - dt.timedelta(days=STALE_OFFER_DAYS)
    stale = list(JobOffer.objects.filter(status=OfferStatus.PUBLISHED, last_activity_at__lt=limit))
    if dry_run:
        return stale
    for offer in stale:
        with transaction.atomic():
            JobOffer.objects.filter(pk=offer.pk, status=OfferStatus.PUBLISHED).update(
                status=OfferStatus.PAUSED, updated_at=now
            )
            journal.record(
                action="recruitment.offer_unpublished",
                actor_label="unpublish_stale_offers",
                group=offer.group,
                target=offer,
                days=STALE_OFFER_DAYS,
            )
    return stale


# --- CV -------------------------------------------------------------------------------------------

CV_KINDS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


def sniff_cv(uploaded):
    """The kind of a CV from its content ('pdf', 'docx', 'odt'), or a ValidationError naming `cv`.
    The name's extension is not trusted: a PDF starts with %PDF-, a DOCX is a ZIP holding
    word/document.xml, an ODT a ZIP whose `mimetype` entry says so."""
    if uploaded.size > CV_MAX_BYTES:
        raise ValidationError(
            {"cv": _("Le CV dépasse 5 Mo (%(size).1f Mo).") % {"size": uploaded.size / 1024 / 1024}}
        )
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    kind = None
    if head.startswith(b"%PDF-"):
        kind = "pdf"
    elif head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(uploaded) as archive:
                names = set(archive.namelist())
                if "word/document.xml" in names and "[Content_Types].xml" in names:
                    kind = "docx"
                elif "mimetype" in names and archive.read("mimetype").strip() == CV_KINDS["odt"].encode():
                    kind = "odt"
        except zipfile.BadZipFile:
            kind = None
        uploaded.seek(0)
    if kind is None:
        raise ValidationError({"cv": _("Le CV doit être un fichier PDF, DOCX ou ODT.")})
    return kind


# --- Candidates -----------------------------------------------------------------------------------

CANDIDATE_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "city",
    "latitude",
    "longitude",
    "travel_km",
    "weekly_minutes_min",
    "weekly_minutes_max",
    "availability",
    "source",
    "employee",
    "sharing_consent",
    "pool_consent_until",
    "notes",
)


def _set_candidate_skills(candidate, skills):
    """skills: [(Skill, level)]."""
    skills = list(skills)
    _check_skills(candidate.group, [s for s, _level in skills])
    rows = []
    seen = set()
    for skill, level in skills:
        if skill.pk in seen:
            raise ValidationError({"skills": _("« %(skill)s » figure deux fois.") % {"skill": skill}})
        seen.add(skill.pk)
        row = CandidateSkill(candidate=candidate, skill=skill, level=level)
        try:
            row.full_clean(exclude=["candidate"])
        except ValidationError as exc:
            raise ValidationError({"skills": [f"{skill} : {m}" for m in exc.messages]}) from exc
        rows.append(row)
    candidate.skill_levels.all().delete()
    CandidateSkill.objects.bulk_create(rows)


def _locate(city):
    """Coordinates of the commune named `city` (the most populated of that name), or None."""
    from mutualis.geography.models import Commune
    from mutualis.geography.text import search_key

    key = search_key(city or "")
    if not key:
        return None
    commune = (
        Commune.objects.filter(search_name=key, latitude__isnull=False)
        .order_by("-population", "code")
        .first()
    )
    if commune is None:
        return None
    return Decimal(f"{commune.latitude:.6f}"), Decimal(f"{commune.longitude:.6f}")


@transaction.atomic
def save_candidate(*, actor, group, candidate=None, skills=None, **fields):
    """Create (candidate None) or change a candidate of the pool; skills: [(Skill, level)]."""
    unknown = set(fields) - set(CANDIDATE_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("Ce champ ne se modifie pas ici.")})
    created = candidate is None
    candidate = candidate or Candidate(group=group)
    for name, value in fields.items():
        setattr(candidate, name, value)
    if candidate.city and candidate.latitude is None and candidate.longitude is None:
        # Distances need coordinates: the commune's, when the name is known.
        point = _locate(candidate.city)
        if point is not None:
            candidate.latitude, candidate.longitude = point
    if candidate.employee_id and candidate.employee.group_id != group.pk:
        raise ValidationError({"employee": _("Ce salarié n'appartient pas à votre groupement.")})
    candidate.full_clean()
    candidate.save()
    if skills is not None:
        _set_candidate_skills(candidate, skills)
    journal.record(
        action="recruitment.candidate_created" if created else "recruitment.candidate_updated",
        actor=actor,
        group=group,
        target=candidate,
    )
    return candidate


# --- Applications ---------------------------------------------------------------------------------


def _log(application, from_status, to_status, actor, note=""):
    ApplicationTransition.objects.create(
        application=application,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        actor_label=_actor_label(actor),
        note=note[:250],
    )


@transaction.atomic
def create_application(*, actor, offer, candidate, cover_letter="", cv=None, cv_name=""):
    if offer.group_id != candidate.group_id:
        raise ValidationError({"candidate": _("Ce candidat appartient à un autre groupement.")})
    if offer.status not in (OfferStatus.PUBLISHED, OfferStatus.PAUSED, OfferStatus.DRAFT):
        raise ValidationError({"offer": _("Cette offre est pourvue ou close.")})
    if cv is not None:
        sniff_cv(cv)
    if Application.objects.filter(offer=offer, candidate=candidate).exists():
        raise ValidationError({"candidate": constraint_message(Application, APPLIED_TWICE)})
    application = Application(
        group_id=offer.group_id,
        offer=offer,
        candidate=candidate,
        cover_letter=cover_letter,
        cv_name=(cv_name or getattr(cv, "name", "") or "")[:200],
        created_by=actor,
        status_changed_at=timezone.now(),
    )
    if cv is not None:
        application.cv = cv
    application.full_clean(exclude=["cv"])
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise ValidationError({"candidate": constraint_message(Application, APPLIED_TWICE)}) from None
    _log(application, "", ApplicationStatus.NEW, actor)
    journal.record(
        action="recruitment.application_created",
        actor=actor,
        group=offer.group,
        target=application,
        offer=str(offer.public_id),
    )
    return application


@transaction.atomic
def apply_online(
    *, offer, first_name, last_name, email, phone="", city="", cover_letter="", cv=None, pool_consent=False
):
    """The public form: a person applies to a published offer, without an account. The same e-mail
    in the same GE is the same candidate; applying twice to one offer is refused."""
    if offer.status != OfferStatus.PUBLISHED:
        raise ValidationError({"offer": _("Cette offre n'est plus ouverte aux candidatures.")})
    if cv is None:
        raise ValidationError({"cv": _("Joignez votre CV (PDF, DOCX ou ODT, 5 Mo au plus).")})
    kind = sniff_cv(cv)
    email = email.strip().lower()
    candidate = Candidate.objects.filter(group_id=offer.group_id, email__iexact=email).first()
    if candidate is not None and Application.objects.filter(offer=offer, candidate=candidate).exists():
        raise ValidationError({"email": _("Vous avez déjà candidaté à cette offre avec cette adresse.")})
    consent_until = None
    if pool_consent:
        consent_until = timezone.localdate() + dt.timedelta(days=POOL_CONSENT_MONTHS * 365 // 12)
    if candidate is None:
        candidate = save_candidate(
            actor=None,
            group=offer.group,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            email=email,
            phone=phone.strip(),
            city=city.strip(),
            source=CandidateSource.SPONTANEOUS,
            pool_consent_until=consent_until,
        )
    elif consent_until and (candidate.pool_consent_until or dt.date.min) < consent_until:
        candidate.pool_consent_until = consent_until
        candidate.save(update_fields=["pool_consent_until", "updated_at"])
    cv.name = f"cv.{kind}"
    return create_application(
        actor=None, offer=offer, candidate=candidate, cover_letter=cover_letter, cv=cv, cv_name=f"CV.{kind}"
    )


def _check_transition(application, to_status):
    if to_status not in ApplicationStatus.values:
        raise ValidationError({"status": _("Statut inconnu : %(status)s.") % {"status": to_status}})
    if to_status not in APPLICATION_TRANSITIONS.get(application.status, ()):
        raise IllegalTransition(
            {
                "status": _("Une candidature « %(from)s » ne peut pas passer à « %(to)s ».")
                % {"from": application.get_status_display(), "to": ApplicationStatus(to_status).label}
            }
        )


@transaction.atomic
def transition(*, actor, application, status, refusal_reason="", message="", note=""):
    """Move an application to `status` (not `hired`: see `hire`). A refusal needs a reason from the
    list and tells the candidate, with `message` if given."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if status == ApplicationStatus.HIRED:
        raise ValidationError(
            {"hiring_start_date": _("L'embauche demande une date de début (action « embaucher »).")}
        )
    _check_transition(application, status)
    if status == ApplicationStatus.REFUSED:
        # Without a reason, the model's constraint refuses it (on refusal_reason).
        application.refusal_reason = refusal_reason or ""
        application.message_to_candidate = message.strip()
    before = application.status
    application.status = status
    application.status_changed_at = timezone.now()
    application.full_clean(exclude=["cv"])
    application.save()
    _log(application, before, status, actor, note)
    journal.record(
        action="recruitment.application_status",
        actor=actor,
        group=application.group,
        target=application,
        before=before,
        after=status,
    )
    if status == ApplicationStatus.REFUSED:
        transaction.on_commit(lambda: _tell_candidate_refused(application))
    return application


def _tell_candidate_refused(application):
    from django.core.mail import send_mail

    candidate = application.candidate
    if not candidate.email:
        return
    body = _(
        "Bonjour %(name)s,\n\nVotre candidature au poste « %(title)s » du groupement %(group)s n'a pas été retenue.\n"
        "Motif : %(reason)s.\n"
    ) % {
        "name": candidate.first_name,
        "title": application.offer.title,
        "group": application.group.name,
        "reason": application.get_refusal_reason_display(),
    }
    if application.message_to_candidate:
        body += "\n" + application.message_to_candidate + "\n"
    send_mail(
        _("Votre candidature : %(title)s") % {"title": application.offer.title},
        body,
        None,
        [candidate.email],
        fail_silently=True,
    )


def unanswered_applications(group, *, now=None):
    """Open applications whose status has not changed for 60 days (flagged on the dashboard)."""
    now = now or timezone.now()
    return Application.objects.filter(
        group=group,
        status__in=OPEN_APPLICATION_STATUSES,
        status_changed_at__lt=now - dt.timedelta(days=UNANSWERED_APPLICATION_DAYS),
    )


# --- The hire -------------------------------------------------------------------------------------


def week_slots(schedule_items):
    """Position schedule blocks (minutes from Monday) -> planning SlotSpecs (weekday, start, end)."""
    from mutualis.planning.services import SlotSpec

    def clock(minutes):
        minutes %= 1440
        return dt.time(minutes // 60, minutes % 60)

    return [
        SlotSpec(weekday=(s["start"] // 1440) % 7, start_time=clock(s["start"]), end_time=clock(s["end"]))
        for s in schedule_items
    ]


def _assignment_plan(position):
    """[(member, site, [schedule items])] from the position's week: one assignment per member × site."""
    needs = {str(n.public_id): n for n in position.needs.select_related("member", "site")}
    grouped = defaultdict(list)
    problems = []
    for item in sorted(position.schedule, key=lambda s: s["start"]):
        need = needs.get(str(item.get("need")))
        if need is None or need.member_id is None or need.site_id is None:
            label = need.organisation_name if need is not None else item.get("need")
            problems.append(
                _(
                    "Le besoin « %(need)s » n'a pas d'adhérent ou de lieu de travail : il ne peut pas être mis à disposition."
                )
                % {"need": label}
            )
            continue
        grouped[(need.member, need.site)].append(item)
    if problems:
        raise ValidationError({"position": problems})
    if not grouped:
        raise ValidationError({"position": _("Ce poste n'a pas de semaine type : rien à planifier.")})
    return [(member, site, items) for (member, site), items in grouped.items()]


def _assign_week(membership, position, plan, employee, contract, start_date, override_reason=""):
    """One assignment per member × site of the position's week, checked like any assignment."""
    from mutualis.planning import services as planning
    from mutualis.planning.enums import AssignmentStatus

    for member, site, items in plan:
        try:
            planning.save_assignment(
                membership=membership,
                employee=employee,
                member=member,
                site=site,
                start_date=start_date,
                slots=week_slots(items),
                contract=contract,
                status=AssignmentStatus.ACTIVE,
                notes=_("Poste partagé « %(title)s ».") % {"title": position.title},
                override_reason=override_reason,
            )
        except planning.PlanningConflict as exc:
            raise ValidationError(
                {
                    "hiring_start_date": [
                        _("Règle du temps de travail : %(rule)s") % {"rule": v.message_fr}
                        for v in exc.violations
                    ]
                }
            ) from exc


def _fill_position(position, employee):
    position.status = PositionStatus.FILLED
    position.employee = employee
    position.save(update_fields=["status", "employee", "updated_at"])
    position.needs.update(status=NeedStatus.FILLED, updated_at=timezone.now())


@transaction.atomic
def staff_position(*, membership, position, start_date, employee=None, override_reason=""):
    """A position accepted for an existing employee: its week becomes assignments under the
    employee's current contract from `start_date` (same working-time checks as any assignment); the
    contract's L1253-9 lists gain the position's members and places; the position is filled."""
    if start_date is None:
        raise ValidationError({"hiring_start_date": _("Indiquez la date de début des mises à disposition.")})
    position = Position.objects.select_for_update().get(pk=position.pk)
    if position.group_id != membership.group_id:
        raise ValidationError({"position": _("Ce poste appartient à un autre groupement.")})
    if position.status != PositionStatus.OPEN:
        raise ValidationError({"position": _("Ce poste est déjà pourvu.")})
    employee = employee or position.employee
    if employee is None:
        raise ValidationError({"employee": _("Ce poste n'est confié à aucun salarié : publiez une offre.")})
    if employee.group_id != position.group_id:
        raise ValidationError({"employee": _("Ce salarié appartient à un autre groupement.")})
    if JobOffer.objects.filter(position=position, status__in=LIVE_OFFER_STATUSES).exists():
        raise ValidationError({"position": _("Ce poste a une offre en cours : closez-la d'abord.")})
    contract = (
        Contract.objects.filter(employee=employee, archived_at__isnull=True)
        .current(start_date)
        .order_by("kind", "-start_date")  # "cdi" sorts before the fixed-term kinds
        .first()
    )
    if contract is None:
        raise ValidationError(
            {
                "employee": _("%(name)s n'a pas de contrat en cours au %(date)s.")
                % {"name": employee, "date": f"{start_date:%d/%m/%Y}"}
            }
        )
    plan = _assignment_plan(position)
    added_members = {m for m, _s, _i in plan} | set(position.members.all())
    added_places = {s for _m, s, _i in plan}
    contract.potential_members.add(*added_members)
    contract.places.add(*added_places)
    _assign_week(membership, position, plan, employee, contract, start_date, override_reason)
    _fill_position(position, employee)
    journal.record(
        action="recruitment.position_staffed",
        actor=membership.user,
        group=position.group,
        target=position,
        employee=str(employee.public_id),
        contract=str(contract.public_id),
        start_date=start_date.isoformat(),
    )
    return position


@transaction.atomic
def hire(
    *,
    membership,
    application,
    start_date,
    gross_hourly_wage=None,
    contract_kind=ContractKind.CDI,
    override_reason="",
):
    """« Embaucher »: creates or reuses the employee, the CDI listing the position's members and
    places (L1253-9), one assignment per member × place carrying the position's week from
    `start_date` (checked against the working-time rules like any assignment), marks the position
    and the offer filled, the candidate's other applications obsolete. All or nothing."""
    if start_date is None:
        raise ValidationError({"hiring_start_date": _("Indiquez la date de début du contrat.")})
    application = (
        Application.objects.select_for_update().select_related("offer", "candidate").get(pk=application.pk)
    )
    if application.group_id != membership.group_id:
        raise ValidationError({"application": _("Cette candidature appartient à un autre groupement.")})
    _check_transition(application, ApplicationStatus.HIRED)
    offer = application.offer
    position = Position.objects.select_for_update().get(pk=offer.position_id)
    if position.status != PositionStatus.OPEN:
        raise ValidationError({"position": _("Ce poste est déjà pourvu : une seconde embauche est refusée.")})
    wage = Decimal(gross_hourly_wage) if gross_hourly_wage not in (None, "") else offer.pay_min
    try:
        validate_minimum_wage(wage, start_date)
    except ValidationError as exc:
        raise ValidationError({"gross_hourly_wage": exc.messages}) from exc
    plan = _assignment_plan(position)
    candidate = application.candidate
    employee = candidate.employee
    if employee is None:
        employee = Employee(
            group_id=application.group_id,
            first_name=candidate.first_name,
            last_name=candidate.last_name,
            email=candidate.email,
            phone=candidate.phone,
            city=candidate.city,
        )
        employee.full_clean()
        employee.save()
        employee.skills.set(candidate.skill_levels.values_list("skill_id", flat=True))
        candidate.employee = employee
        candidate.save(update_fields=["employee", "updated_at"])
    contract = Contract(
        group_id=application.group_id,
        employee=employee,
        kind=contract_kind,
        job_title=offer.title,
        rome_code=offer.rome_code,
        weekly_hours=(Decimal(position.weekly_minutes) / 60).quantize(Decimal("0.01")),
        gross_hourly_wage=wage,
        start_date=start_date,
    )
    try:
        contract.full_clean()
    except ValidationError as exc:
        raise ValidationError({"contract": exc.messages}) from exc
    contract.save()
    contract.potential_members.set({member for member, _site, _items in plan} | set(position.members.all()))
    contract.places.set({site for _member, site, _items in plan})
    _assign_week(membership, position, plan, employee, contract, start_date, override_reason)
    now = timezone.now()
    _fill_position(position, employee)
    offer.status = OfferStatus.FILLED
    offer.last_activity_at = now
    offer.save(update_fields=["status", "last_activity_at", "updated_at"])
    before = application.status
    application.status = ApplicationStatus.HIRED
    application.status_changed_at = now
    application.hiring_start_date = start_date
    application.employee = employee
    application.contract = contract
    application.save()
    actor = membership.user
    _log(application, before, ApplicationStatus.HIRED, actor, note=f"{start_date:%d/%m/%Y}")
    for other in (
        Application.objects.select_for_update()
        .filter(candidate=candidate, status__in=OPEN_APPLICATION_STATUSES)
        .exclude(pk=application.pk)
    ):
        previous = other.status
        other.status = ApplicationStatus.OBSOLETE
        other.status_changed_at = now
        other.save(update_fields=["status", "status_changed_at", "updated_at"])
        _log(other, previous, ApplicationStatus.OBSOLETE, actor, note=_("Embauché sur une autre offre."))
    journal.record(
        action="recruitment.hired",
        actor=actor,
        group=application.group,
        target=application,
        employee=str(employee.public_id),
        contract=str(contract.public_id),
        position=str(position.public_id),
        start_date=start_date.isoformat(),
    )
    return application
