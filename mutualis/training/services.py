"""Writes of the training domain. Every write validates (full_clean) inside a transaction: bad input
gives a French message naming the field, and nothing is half-saved."""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mutualis.accounts.tenancy import scoped

from .models import (
    ZERO,
    Attendance,
    CareerReview,
    EmployeeCertification,
    Enrolment,
    EnrolmentStatus,
    Funding,
    FundingScheme,
    FundingStatus,
    ReviewKind,
    ReviewRule,
    TrainingSession,
)

# The law's periods (loi n° 2025-989 on the « entretien de parcours professionnel »): the first within
# 12 months of hire, then every 4 years, and a recap (état des lieux) every 8 years. A branch agreement
# may change them: a GE's ReviewRule rows override these.
DEFAULT_RULES = {
    ReviewKind.FIRST: (12, None),
    ReviewKind.PERIODIC: (48, 48),
    ReviewKind.RECAP: (96, 96),
}
PRO_A_MIN_HOURS = Decimal("150")


def _save(obj):
    obj.full_clean()
    obj.save()
    return obj


# --- Catalogue and sharing -------------------------------------------------------------


@transaction.atomic
def share_session(*, session, territories):
    """Open the session's seats to the GEs of `territories` (the GE must belong to each)."""
    from mutualis.territories.selectors import group_territories

    allowed = set(group_territories(session.group, "exchange").values_list("pk", flat=True))
    for territory in territories:
        if territory.pk not in allowed:
            raise ValidationError(
                {"shared_with": _("Le GE ne coopère pas dans le territoire « %(t)s ».") % {"t": territory}}
            )
    session.shared_with.set(territories)
    return session


# --- Enrolment, funding, attendance, certificate -----------------------------------------


def seats_taken(session):
    return Enrolment.objects.filter(session=session).exclude(status=EnrolmentStatus.CANCELLED).count()


def with_seats_taken(sessions):
    """The sessions with `taken_seats` (what `seats_taken` counts: every GE's enrolments but the cancelled)
    in the same query, for lists: one query, not one per session. Checks before enrolling count afresh."""
    return sessions.annotate(
        taken_seats=Count("enrolments", filter=~Q(enrolments__status=EnrolmentStatus.CANCELLED))
    )


@transaction.atomic
def enrol(*, membership, session, employee, asked_by=None, cost=None):
    """Enrol one of the membership's GE's employees in a session it can see (its own or shared)."""
    group = membership.group
    if not scoped(TrainingSession, membership).filter(pk=session.pk).exists():
        raise ValidationError({"session": _("Cette session n'a pas de place ouverte à votre GE.")})
    if employee.group_id != group.pk:
        raise ValidationError({"employee": _("Ce salarié n'est pas salarié de votre GE.")})
    if asked_by is not None and asked_by.group_id != group.pk:
        raise ValidationError({"asked_by": _("Cet adhérent n'est pas adhérent de votre GE.")})
    session = TrainingSession.objects.select_for_update().select_related("action").get(pk=session.pk)
    if seats_taken(session) >= session.places:
        raise ValidationError(
            {"session": _("Plus de place : la session compte %(n)d place(s).") % {"n": session.places}}
        )
    enrolment = Enrolment(
        group=group,
        session=session,
        employee=employee,
        asked_by=asked_by,
        cost=session.action.price if cost is None else cost,
    )
    enrolment.validate_constraints()
    return _save(enrolment)


def _current_contract(employee, on):
    return (
        employee.contracts.filter(start_date__lte=on).exclude(end_date__lt=on).order_by("-start_date").first()
    )


@transaction.atomic
def request_funding(*, enrolment, scheme, funder="", requested, file_number="", regularisation=False):
    if not funder:
        funder = getattr(enrolment.group, "opco", "") or ""
    if not funder:
        raise ValidationError({"funder": _("Indiquez le financeur (l'OPCO du GE).")})
    already = sum((f.requested for f in enrolment.fundings.exclude(status=FundingStatus.REFUSED)), ZERO)
    if already + requested > enrolment.cost:
        raise ValidationError(
            {
                "requested": _("Le financement demandé (%(a)s €) dépasse le coût restant (%(c)s €).")
                % {"a": requested, "c": enrolment.cost - already}
            }
        )
    if scheme == FundingScheme.PRO_A:
        _check_pro_a(enrolment)
    funding = Funding(
        group=enrolment.group,
        enrolment=enrolment,
        scheme=scheme,
        funder=funder,
        requested=requested,
        file_number=file_number,
        regularisation=regularisation,
    )
    return _save(funding)


def _check_pro_a(enrolment):
    from mutualis.employees.models import ContractKind

    contract = _current_contract(enrolment.employee, enrolment.session.starts_on)
    if contract is None or contract.kind != ContractKind.CDI:
        raise ValidationError({"scheme": _("Pro-A : réservé aux salariés en CDI.")})
    if enrolment.session.action.hours < PRO_A_MIN_HOURS:
        raise ValidationError({"scheme": _("Pro-A : la formation doit durer au moins 150 h.")})


TRANSITIONS = {
    FundingStatus.DRAFT: {FundingStatus.SUBMITTED},
    FundingStatus.SUBMITTED: {FundingStatus.ACCEPTED, FundingStatus.REFUSED},
    FundingStatus.ACCEPTED: {FundingStatus.PAID},
}


@transaction.atomic
def move_funding(*, funding, status, granted=None, paid=None, on=None):
    on = on or timezone.localdate()
    if status not in TRANSITIONS.get(funding.status, set()):
        raise ValidationError(
            {
                "status": _("Passage impossible de « %(a)s » à « %(b)s ».")
                % {"a": funding.get_status_display(), "b": FundingStatus(status).label}
            }
        )
    if status == FundingStatus.SUBMITTED:
        if on > funding.enrolment.session.starts_on and not funding.regularisation:
            raise ValidationError(
                {
                    "status": _(
                        "La demande doit être déposée avant le début de la formation "
                        "(sinon, cochez « dépôt en régularisation »)."
                    )
                }
            )
        funding.submitted_on = on
    if status == FundingStatus.ACCEPTED:
        funding.granted = funding.requested if granted is None else granted
        if funding.granted > funding.enrolment.cost:
            raise ValidationError({"granted": _("Le montant accordé dépasse le coût de la formation.")})
    if status == FundingStatus.PAID:
        funding.paid = funding.granted if paid is None else paid
    funding.status = status
    return _save(funding)


def _half_days(session):
    day = session.starts_on
    while day <= session.ends_on:
        if day.weekday() < 5:
            yield day, "am"
            yield day, "pm"
        day += datetime.timedelta(days=1)


@transaction.atomic
def sign_attendance(*, enrolment, day, half, user=None, user_id=None):
    """The trainee signs one half-day in the app (timestamped)."""
    session = enrolment.session
    if not (session.starts_on <= day <= session.ends_on):
        raise ValidationError(
            {
                "day": _("Le %(d)s est en dehors de la session (du %(a)s au %(b)s).")
                % {
                    "d": f"{day:%d/%m/%Y}",
                    "a": f"{session.starts_on:%d/%m/%Y}",
                    "b": f"{session.ends_on:%d/%m/%Y}",
                }
            }
        )
    attendance = Attendance(
        group=enrolment.group,
        enrolment=enrolment,
        day=day,
        half=half,
        signed_at=timezone.now(),
        signed_by_id=user.pk if user is not None else user_id,
    )
    attendance.validate_constraints()
    return _save(attendance)


def missing_signatures(enrolment):
    signed = set(enrolment.attendances.filter(signed_at__isnull=False).values_list("day", "half"))
    return [slot for slot in _half_days(enrolment.session) if slot not in signed]


@transaction.atomic
def certify(*, enrolment, on=None):
    """The certificate of completion: every half-day must be signed. A certifying offer with a skill
    adds it to the employee (evidence « certifié », expiry from the offer's validity)."""
    on = on or timezone.localdate()
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ValidationError({"status": _("Cette inscription n'est plus en cours.")})
    missing = missing_signatures(enrolment)
    if missing:
        day, half = missing[0]
        raise ValidationError(
            {
                "attendances": _("Émargement manquant : %(n)d demi-journée(s), dont le %(d)s (%(h)s).")
                % {"n": len(missing), "d": f"{day:%d/%m/%Y}", "h": "matin" if half == "am" else "après-midi"}
            }
        )
    enrolment.status = EnrolmentStatus.COMPLETED
    enrolment.certified_on = on
    _save(enrolment)
    offer = enrolment.session.action.offer
    if offer.certifying and offer.skill_id:
        expires = on + relativedelta(months=offer.validity_months) if offer.validity_months else None
        EmployeeCertification.objects.create(
            group=enrolment.group,
            employee=enrolment.employee,
            skill_id=offer.skill_id,
            enrolment=enrolment,
            certified_on=on,
            expires_on=expires,
        )
        enrolment.employee.skills.add(offer.skill_id)
    return enrolment


def net_cost(enrolment):
    granted = sum(
        (
            f.granted
            for f in enrolment.fundings.all()
            if f.status in (FundingStatus.ACCEPTED, FundingStatus.PAID)
        ),
        ZERO,
    )
    return max(enrolment.cost - granted, ZERO)


def billing_charges(group, month, member_ids):
    """Billing hook (settings.BILLING_EXTRA_CHARGES): the net cost of each training completed in
    `month` and asked for by a member, on that member's invoice of the month, at cost."""
    from mutualis.billing.compute import Fee

    enrolments = (
        Enrolment.objects.filter(
            group=group,
            status=EnrolmentStatus.COMPLETED,
            certified_on__year=month.year,
            certified_on__month=month.month,
            asked_by_id__in=member_ids,
        )
        .select_related("employee", "session__action__offer")
        .prefetch_related("fundings")
        .order_by("certified_on", "id")
    )
    charges = []
    for e in enrolments:
        amount = net_cost(e)
        if amount > 0:
            label = _("Formation « %(t)s » — %(e)s (coût net après financement)") % {
                "t": e.session.action.offer.title,
                "e": e.employee,
            }
            charges.append(Fee(e.asked_by_id, label, amount, kind="training", employee_id=e.employee_id))
    return tuple(charges)


# --- Career reviews --------------------------------------------------------------------------


def rules_for(group):
    rules = dict(DEFAULT_RULES)
    for rule in ReviewRule.objects.filter(group=group):
        rules[rule.kind] = (rule.first_after_months, rule.every_months)
    return rules


def hire_date(employee):
    first = employee.contracts.order_by("start_date").values_list("start_date", flat=True).first()
    return first


def due_reviews(group, *, on=None, employees=None):
    """Per employee and review kind: the next due date, and whether it is late."""
    from mutualis.employees.models import Employee

    on = on or timezone.localdate()
    rules = rules_for(group)
    employees = employees if employees is not None else Employee.objects.for_group(group).active()
    held = {}
    for r in CareerReview.objects.filter(group=group).order_by("held_on"):
        held[(r.employee_id, r.kind)] = r.held_on
    rows = []
    for employee in employees:
        hired = hire_date(employee)
        if hired is None:
            continue
        for kind, (first, every) in rules.items():
            last = held.get((employee.pk, kind))
            if last is None:
                due = hired + relativedelta(months=first)
            elif every:
                due = last + relativedelta(months=every)
            else:
                continue
            rows.append(
                {
                    "employee": employee,
                    "kind": kind,
                    "kind_label": ReviewKind(kind).label,
                    "due_on": due,
                    "late": due < on,
                }
            )
    return sorted(rows, key=lambda r: (r["due_on"], str(r["employee"])))


@transaction.atomic
def set_rule(*, group, kind, first_after_months, every_months=None, source=""):
    rule = ReviewRule.objects.filter(group=group, kind=kind).first() or ReviewRule(group=group, kind=kind)
    rule.first_after_months, rule.every_months = first_after_months, every_months
    if source:
        rule.source = source
    return _save(rule)


@transaction.atomic
def record_review(*, employee, kind, held_on, record=""):
    return _save(
        CareerReview(group=employee.group, employee=employee, kind=kind, held_on=held_on, record=record)
    )
