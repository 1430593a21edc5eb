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
from mutualis.core.dates import add_months
from mutualis.needs.timeline import format_duration

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
    NeedSource,
    ReviewKind,
    ReviewRule,
    SeatSale,
    TrainingDocument,
    TrainingOffer,
    TrainingPlan,
    TrainingPlanLine,
    TrainingRequest,
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


def with_seats_taken(sessions):
    """Annotate `seats_taken_n` (enrolled trainees + seats sold) in two subqueries, so that a list
    of sessions costs the same number of queries whatever its length."""
    from django.db.models import IntegerField, OuterRef, Subquery, Sum, Value
    from django.db.models.functions import Coalesce

    enrolled = (
        Enrolment.objects.filter(session=OuterRef("pk"))
        .exclude(status=EnrolmentStatus.CANCELLED)
        .values("session")
        .annotate(n=Count("id"))
        .values("n")
    )
    sold = (
        SeatSale.objects.filter(session=OuterRef("pk")).values("session").annotate(n=Sum("seats")).values("n")
    )
    return sessions.annotate(
        seats_taken_n=Coalesce(Subquery(enrolled, output_field=IntegerField()), Value(0))
        + Coalesce(Subquery(sold, output_field=IntegerField()), Value(0))
    )


def seats_taken(session):
    """Enrolled trainees (of every GE) plus the seats sold to members or other GEs."""
    from django.db.models import Sum

    enrolled = Enrolment.objects.filter(session=session).exclude(status=EnrolmentStatus.CANCELLED).count()
    sold = SeatSale.objects.filter(session=session).aggregate(n=Sum("seats"))["n"] or 0
    return enrolled + sold


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
    funder = funder or default_funder(enrolment.group)
    if not funder:
        raise ValidationError(
            {"funder": _("Indiquez le financeur (ou l'OPCO du GE dans les paramètres du GE).")}
        )
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


def default_funder(group):
    """The GE's OPCO (from its collective agreement): the funder of a request unless overridden."""
    return (group.opco or "").strip()


@transaction.atomic
def set_opco(*, group, opco):
    group.opco = (opco or "").strip()
    group.full_clean(validate_unique=False, validate_constraints=False)
    group.save(update_fields=["opco"])
    return group


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


def split_pro_rata(amount, weights):
    """Split `amount` (Decimal, to the cent) between keys in proportion to `weights` (hours), exact to
    the cent: each key gets the floor of its share in cents, and the cents left go one by one to the
    largest remainders (ties: the order of the keys). Keys with no weight get nothing."""
    weights = {k: Decimal(w) for k, w in weights.items() if w and w > 0}
    total_weight = sum(weights.values(), Decimal("0"))
    if not weights or amount <= 0:
        return {}
    cents = int((amount * 100).to_integral_value())
    shares, remainders = {}, []
    for index, (key, weight) in enumerate(weights.items()):
        exact = Decimal(cents) * weight / total_weight
        floor = int(exact)
        shares[key] = floor
        remainders.append((exact - floor, -index, key))
    left = cents - sum(shares.values())
    for _rem, _index, key in sorted(remainders, reverse=True)[:left]:
        shares[key] += 1
    return {key: Decimal(value) / 100 for key, value in shares.items()}


def hours_by_member(employee_ids, month):
    """{employee_id: {member_id: minutes}} worked in `month` (actual minutes, else planned)."""
    from django.db.models import Sum

    from mutualis.timesheets.models import TimeEntry

    rows = (
        TimeEntry.objects.filter(timesheet__employee_id__in=employee_ids, timesheet__month=month)
        .values("timesheet__employee_id", "timesheet__member_id")
        .annotate(actual=Sum("actual_minutes"), planned=Sum("planned_minutes"))
        .order_by("timesheet__employee_id", "timesheet__member_id")
    )
    result = {}
    for row in rows:
        result.setdefault(row["timesheet__employee_id"], {})[row["timesheet__member_id"]] = (
            row["actual"] or 0,
            row["planned"] or 0,
        )
    out = {}
    for employee_id, per_member in result.items():
        use_actual = any(actual for actual, _planned in per_member.values())
        out[employee_id] = {m: (a if use_actual else p) for m, (a, p) in per_member.items()}
    return out


def billing_charges(group, month, member_ids):
    """Billing hook (settings.BILLING_EXTRA_CHARGES): the net cost of each training completed in
    `month`, at cost: on the invoice of the member that asked for it; when no member asked, split
    between the members the employee worked for that month pro rata to the hours there (largest
    remainder, exact to the cent). Only members of `member_ids` (billed in this run) get a line."""
    from mutualis.billing.compute import Fee

    enrolments = list(
        Enrolment.objects.filter(
            group=group,
            status=EnrolmentStatus.COMPLETED,
            certified_on__year=month.year,
            certified_on__month=month.month,
        )
        .select_related("employee", "session__action__offer")
        .prefetch_related("fundings")
        .order_by("certified_on", "id")
    )
    wanted = set(member_ids)
    shared = [e.employee_id for e in enrolments if e.asked_by_id is None]
    hours = hours_by_member(shared, month.replace(day=1)) if shared else {}
    charges = []
    for e in enrolments:
        amount = net_cost(e)
        if amount <= 0:
            continue
        title = e.session.action.offer.title
        if e.asked_by_id is not None:
            if e.asked_by_id in wanted:
                label = _("Formation « %(t)s » — %(e)s (coût net après financement)") % {
                    "t": title,
                    "e": e.employee,
                }
                charges.append(Fee(e.asked_by_id, label, amount, kind="training", employee_id=e.employee_id))
            continue
        minutes = hours.get(e.employee_id, {})
        for member_id, share in split_pro_rata(amount, minutes).items():
            if member_id not in wanted or share <= 0:
                continue
            label = _("Formation « %(t)s » — %(e)s (coût net %(n)s € au prorata des heures : %(h)s)") % {
                "t": title,
                "e": e.employee,
                "n": amount,
                "h": format_duration(minutes[member_id]),
            }
            charges.append(Fee(member_id, label, share, kind="training", employee_id=e.employee_id))
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
    if employees is None:
        from django.db.models import Min

        # The hire date in the same query (one query whatever the number of employees).
        employees = (
            Employee.objects.for_group(group).active().annotate(first_start=Min("contracts__start_date"))
        )
    held = _reviews_held(group)
    rows = []
    for employee in employees:
        hired = employee.first_start if hasattr(employee, "first_start") else hire_date(employee)
        if hired is None:
            continue
        for kind, due in _next_reviews(employee.pk, hired, rules, held):
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


def _reviews_held(group):
    """{(employee id, kind): date of the last review held}."""
    held = {}
    rows = CareerReview.objects.filter(group=group).order_by("held_on")
    for employee_id, kind, held_on in rows.values_list("employee_id", "kind", "held_on"):
        held[(employee_id, kind)] = held_on
    return held


def _next_reviews(employee_id, hired, rules, held, memo=None):
    """(kind, due date) of the employee's next reviews: `first` months after the hire, then every
    `every` months after the last one held (none when the kind does not repeat)."""
    memo = {} if memo is None else memo
    for kind, (first, every) in rules.items():
        last = held.get((employee_id, kind))
        if last is None:
            start, months = hired, first
        elif every:
            start, months = last, every
        else:
            continue
        due = memo.get((start, months))
        if due is None:
            due = memo[(start, months)] = add_months(start, months)
        yield kind, due


def late_reviews_count(group, *, on=None):
    """How many rows of `due_reviews` are late, without building them (the dashboard's figure):
    one query of two values per active employee."""
    from django.db.models import Min

    from mutualis.employees.models import Employee

    on = on or timezone.localdate()
    rules = rules_for(group)
    held = _reviews_held(group)
    hires = (
        Employee.objects.for_group(group)
        .active()
        .annotate(first_start=Min("contracts__start_date"))
        .values_list("pk", "first_start")
        .order_by()
    )
    memo = {}
    return sum(
        1
        for employee_id, hired in hires
        if hired is not None
        for _kind, due in _next_reviews(employee_id, hired, rules, held, memo)
        if due < on
    )


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


# --- Certified skills about to expire -------------------------------------------------------------

EXPIRY_ALERT_DAYS = 60


def expiring_certifications(group, *, on=None, days=EXPIRY_ALERT_DAYS):
    """Certified skills of the GE's employees that expire within `days` (today included), unless a
    later certification of the same skill already renews them."""
    from django.db.models import Exists, OuterRef

    on = on or timezone.localdate()
    renewed = EmployeeCertification.objects.filter(
        employee_id=OuterRef("employee_id"), skill_id=OuterRef("skill_id")
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gt=OuterRef("expires_on")))
    return (
        EmployeeCertification.objects.filter(
            group=group,
            expires_on__gte=on,
            expires_on__lte=on + datetime.timedelta(days=days),
            employee__archived_at__isnull=True,
        )
        .exclude(Exists(renewed))
        .select_related("employee", "skill")
        .order_by("expires_on", "id")
    )


# --- Training plan per GE and year ---------------------------------------------------------------


@transaction.atomic
def create_plan(*, group, year, note=""):
    plan = TrainingPlan(group=group, year=year, note=note)
    plan.full_clean()
    plan.save()
    return plan


def _funding_of(enrolment):
    """(funder, expected funding) of an enrolment: its live funding requests (refused ones left out);
    the amount granted once accepted, else the amount requested."""
    live = [f for f in enrolment.fundings.all() if f.status != FundingStatus.REFUSED]
    amount = sum(
        (
            f.granted if f.status in (FundingStatus.ACCEPTED, FundingStatus.PAID) else f.requested
            for f in live
        ),
        ZERO,
    )
    return (live[0].funder if live else ""), min(amount, enrolment.cost)


def plan_needs(plan, *, on=None):
    """The needs of the plan's year, drawn from three sources, each with a stable key:
    - career reviews due in the year, or already late;
    - trainings asked for by a member: enrolments in a session of the year, and the requests members
      filed (open or accepted) for that year or with no date;
    - skills required by the job offer of a filled position (or by its needs) that its employee does
      not have.
    Where the GE's catalogue has an offer certifying the skill, it is proposed at its cheapest price."""

    from mutualis.employees.models import Employee
    from mutualis.needs.models import Position
    from mutualis.recruitment.models import OfferSkill, Requirement

    from .models import RequestStatus

    group, year = plan.group, plan.year
    opco = default_funder(group)
    needs = []
    for row in due_reviews(group, on=on):
        due = row["due_on"]
        if not (due.year == year or (row["late"] and due.year < year)):
            continue
        employee = row["employee"]
        values = {"k": row["kind_label"], "e": employee, "d": f"{due:%d/%m/%Y}"}
        label = (
            _("%(k)s de %(e)s, en retard depuis le %(d)s") % values
            if row["late"]
            else _("%(k)s de %(e)s, dû le %(d)s") % values
        )
        needs.append(
            {
                "source": NeedSource.REVIEW,
                "key": f"review:{employee.pk}:{row['kind']}:{due.isoformat()}",
                "label": label,
                "employee": employee,
            }
        )
    asked = (
        Enrolment.objects.filter(group=group, asked_by__isnull=False, session__starts_on__year=year)
        .exclude(status=EnrolmentStatus.CANCELLED)
        .select_related("employee", "asked_by", "session__action__offer")
        .prefetch_related("fundings")
        .order_by("session__starts_on", "id")
    )
    for e in asked:
        funder, funding = _funding_of(e)
        needs.append(
            {
                "source": NeedSource.REQUEST,
                "key": f"request:{e.pk}",
                "label": _("« %(t)s » pour %(e)s, demandée par %(m)s")
                % {"t": e.session.action.offer.title, "e": e.employee, "m": e.asked_by},
                "employee": e.employee,
                "member": e.asked_by,
                "offer": e.session.action.offer,
                "hours": e.session.action.hours,
                "cost": e.cost,
                "funder": funder or opco,
                "funding": funding,
            }
        )
    catalogue = {}
    for offer in (
        TrainingOffer.objects.filter(group=group, skill__isnull=False)
        .prefetch_related("actions")
        .order_by("title", "id")
    ):
        catalogue.setdefault(offer.skill_id, offer)
    filed = (
        TrainingRequest.objects.filter(group=group)
        .exclude(status=RequestStatus.REFUSED)
        .filter(Q(wished_by__year=year) | Q(wished_by__isnull=True, created_at__year__lte=year))
        .select_related("member", "employee", "skill")
        .order_by("created_at", "id")
    )
    for r in filed:
        values = {"s": r.subject, "m": r.member}
        needs.append(
            {
                "source": NeedSource.REQUEST,
                "key": f"ask:{r.pk}",
                "label": _("« %(s)s » pour %(e)s, demandée par %(m)s") % {**values, "e": r.employee}
                if r.employee
                else _("« %(s)s », demandée par %(m)s") % values,
                "employee": r.employee,
                "member": r.member,
                "skill": r.skill,
                "funder": opco,
                **_suggested(catalogue.get(r.skill_id)),
            }
        )
    positions = (
        Position.objects.filter(group=group, employee__isnull=False, employee__archived_at__isnull=True)
        .select_related("employee")
        .prefetch_related("needs__skills")
        .order_by("title", "id")
    )
    employees = {p.employee_id for p in positions}
    skills_of = {}
    for employee_id, skill_id in Employee.skills.through.objects.filter(
        employee_id__in=employees
    ).values_list("employee_id", "skill_id"):
        skills_of.setdefault(employee_id, set()).add(skill_id)
    required = {}
    for item in (
        OfferSkill.objects.filter(offer__position__in=positions, requirement=Requirement.REQUIRED)
        .select_related("skill", "offer")
        .order_by("id")
    ):
        required.setdefault(item.offer.position_id, {})[item.skill_id] = item.skill
    # The skills the position's needs ask for (what its job offer starts from) are required too.
    for position in positions:
        for need in position.needs.all():
            for skill in need.skills.all():
                required.setdefault(position.pk, {}).setdefault(skill.pk, skill)
    seen = set()
    for position in positions:
        employee = position.employee
        for skill_id, skill in required.get(position.pk, {}).items():
            if skill_id in skills_of.get(employee.pk, set()) or (employee.pk, skill_id) in seen:
                continue
            seen.add((employee.pk, skill_id))
            needs.append(
                {
                    "source": NeedSource.SKILL_GAP,
                    "key": f"gap:{employee.pk}:{skill_id}",
                    "label": _("« %(s)s » requise pour le poste « %(p)s » de %(e)s")
                    % {"s": skill.label, "p": position.title, "e": employee},
                    "employee": employee,
                    "skill": skill,
                    "funder": opco,
                    **_suggested(catalogue.get(skill_id)),
                }
            )
    return needs


def _suggested(offer):
    """The catalogue's offer for a skill, at its cheapest action's hours and price."""
    if offer is None:
        return {"offer": None, "hours": None, "cost": ZERO}
    action = min(offer.actions.all(), key=lambda a: a.price, default=None)
    return {
        "offer": offer,
        "hours": action.hours if action else None,
        "cost": action.price if action else ZERO,
    }


@transaction.atomic
def draw_needs(*, plan, on=None):
    """Add to the plan the needs of `plan_needs` it does not hold yet (by key); returns the new lines."""
    present = set(plan.lines.exclude(key="").values_list("key", flat=True))
    created = []
    for need in plan_needs(plan, on=on):
        if need["key"] in present:
            continue
        created.append(add_plan_line(plan=plan, **need))
    return created


@transaction.atomic
def add_plan_line(*, plan, key="", **data):
    line = TrainingPlanLine(group=plan.group, plan=plan, key=key, **data)
    return _save_line(line)


@transaction.atomic
def update_plan_line(*, line, **data):
    for name, value in data.items():
        setattr(line, name, value)
    return _save_line(line)


def _save_line(line):
    for name in ("employee", "member", "offer"):
        obj = getattr(line, name)
        if obj is not None and obj.group_id != line.group_id:
            raise ValidationError({name: _("Cet élément n'appartient pas à votre GE.")})
    if line.funding is None:
        line.funding = ZERO
    if line.cost is None:
        line.cost = ZERO
    return _save(line)


@transaction.atomic
def delete_plan_line(*, line):
    line.delete()


def plan_budget(plan):
    """The plan's budget per funder and its totals, computed from the lines each time (never
    stored): for each funder its lines, cost and expected funding, and the GE's own share
    (cost − funding); the totals are the sums of those rows, so they always equal the lines. Reads
    `plan.lines.all()`, so a prefetched list of plans costs no query per plan."""
    rows = {}
    for line in plan.lines.all():
        row = rows.setdefault(line.funder, {"lines": 0, "cost": ZERO, "funding": ZERO})
        row["lines"] += 1
        row["cost"] += line.cost
        row["funding"] += line.funding
    funders = [
        {
            "funder": funder or _("Fonds propres du GE"),
            "lines": row["lines"],
            "cost": row["cost"],
            "funding": row["funding"],
            "own_share": row["cost"] - row["funding"],
        }
        for funder, row in sorted(rows.items())
    ]
    total = {
        "lines": sum(r["lines"] for r in funders),
        "cost": sum((r["cost"] for r in funders), ZERO),
        "funding": sum((r["funding"] for r in funders), ZERO),
    }
    total["own_share"] = total["cost"] - total["funding"]
    return {"funders": funders, "total": total}


# --- Seats and services sold --------------------------------------------------------------------


# An invoice's amounts hold 12 digits: a sale stays well below, VAT included.
SALE_MAX_TOTAL = Decimal("99999999.99")


@transaction.atomic
def sell_seats(
    *, group, buyer, unit_price, seats=1, session=None, label="", vat_rate=None, on=None, user=None
):
    """Sell seats of one of the GE's sessions (or a training service) to a member or to another GE
    registered as a customer: a service invoice with VAT, numbered in the GE's one series."""
    from mutualis.billing import services as billing_services
    from mutualis.billing.compute import VAT_STANDARD_RATE

    on = on or timezone.localdate()
    if buyer.group_id != group.pk:
        raise ValidationError({"buyer": _("Ce client n'est pas dans l'annuaire de votre GE.")})
    if session is not None:
        if session.group_id != group.pk:
            raise ValidationError({"session": _("Seules les places de vos propres sessions se vendent.")})
        session = (
            TrainingSession.objects.select_for_update().select_related("action__offer").get(pk=session.pk)
        )
        left = session.places - seats_taken(session)
        if seats > left:
            raise ValidationError(
                {"seats": _("Il reste %(n)d place(s) sur cette session.") % {"n": max(left, 0)}}
            )
        label = label or _("Places de formation « %(t)s », session du %(d)s") % {
            "t": session.action.offer.title,
            "d": f"{session.starts_on:%d/%m/%Y}",
        }
    if not label:
        raise ValidationError({"label": _("Décrivez la prestation vendue.")})
    if unit_price is not None and Decimal(seats or 0) * unit_price > SALE_MAX_TOTAL:
        raise ValidationError(
            {"unit_price": _("Le montant de la vente dépasse %(m)s € HT.") % {"m": SALE_MAX_TOTAL}}
        )
    sale = SeatSale(
        group=group,
        session=session,
        buyer=buyer,
        label=label,
        seats=seats,
        unit_price=unit_price,
        vat_rate=VAT_STANDARD_RATE if vat_rate is None else vat_rate,
        sold_on=on,
    )
    _save(sale)
    sale.invoice = billing_services.issue_service_invoice(
        group=group,
        member=buyer,
        lines=[(sale.label, Decimal(sale.seats), sale.unit_price)],
        vat_rate=sale.vat_rate,
        on=on,
        user=user,
    )
    sale.save(update_fields=["invoice"])
    return sale


# --- Documents before and after -------------------------------------------------------------------

DOCUMENT_EXTENSIONS = (".pdf", ".png", ".jpg", ".jpeg", ".odt", ".docx")
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024


@transaction.atomic
def attach_document(*, enrolment, kind, file, funding=None):
    import os

    name = os.path.basename(getattr(file, "name", "") or "")[:200]
    if os.path.splitext(name)[1].lower() not in DOCUMENT_EXTENSIONS:
        raise ValidationError({"file": _("Formats acceptés : PDF, PNG, JPEG, ODT, DOCX.")})
    if (getattr(file, "size", 0) or 0) > DOCUMENT_MAX_BYTES:
        raise ValidationError({"file": _("Le fichier dépasse 10 Mo.")})
    document = TrainingDocument(
        group=enrolment.group, enrolment=enrolment, funding=funding, kind=kind, file=file, name=name
    )
    return _save(document)


# --- Training requests from members ---------------------------------------------------------------


@transaction.atomic
def ask_training(*, membership, member=None, employee=None, subject, skill=None, wished_by=None, note=""):
    """A member's request. A member contact asks for their own member, for an employee placed with it
    (whose contract lists the member); staff record it for any member of the GE."""
    from mutualis.accounts.roles import Role
    from mutualis.employees.models import Employee

    group = membership.group
    if membership.role == Role.MEMBER_CONTACT:
        member = membership.member
    if member is None or member.group_id != group.pk:
        raise ValidationError({"member": _("Choisissez un adhérent de votre GE.")})
    if employee is not None and not scoped(Employee, membership).filter(pk=employee.pk).exists():
        raise ValidationError({"employee": _("Ce salarié n'est pas mis à disposition de cet adhérent.")})
    if employee is not None and not employee.contracts.filter(potential_members=member).exists():
        raise ValidationError({"employee": _("Ce salarié n'est pas mis à disposition de cet adhérent.")})
    request = TrainingRequest(
        group=group,
        member=member,
        employee=employee,
        subject=subject,
        skill=skill,
        wished_by=wished_by,
        note=note,
    )
    return _save(request)


@transaction.atomic
def decide_request(*, request, status, answer=""):
    from .models import RequestStatus

    if status not in (RequestStatus.ACCEPTED, RequestStatus.REFUSED, RequestStatus.OPEN):
        raise ValidationError({"status": _("État inconnu.")})
    if status == RequestStatus.REFUSED and not answer.strip():
        raise ValidationError({"answer": _("Expliquez le refus à l'adhérent.")})
    request.status, request.answer = status, answer
    return _save(request)
