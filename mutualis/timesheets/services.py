"""Writes of timesheets: generation from the planning, corrections, the validation workflow, closing,
reminders. Every function is all or nothing and appends to the timesheet's log.

draft ──submit──▶ submitted ──validate──▶ validated ──close_month──▶ closed (locked)
  │                   │ └──dispute──▶ disputed ──(correct, submit)──▶ submitted
  └──validate / dispute (a member may act before the employee sends)
"""

import dataclasses
import datetime as dt
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mutualis.accounts.models import Membership
from mutualis.accounts.roles import Role
from mutualis.employees.models import Contract
from mutualis.members.models import Site
from mutualis.planning import rules
from mutualis.planning import selectors as planning_selectors
from mutualis.planning.enums import rule_label
from mutualis.planning.models import Assignment

from . import anomalies as anomaly_rules
from . import perms
from .enums import AWAITING_VALIDATION, CORRECTABLE, REGENERATED, EventKind, TimesheetStatus
from .models import TimeEntry, Timesheet, TimesheetEvent

PARIS = rules.PARIS


# --- months ---------------------------------------------------------------------------------------


def month_start(month):
    return month.replace(day=1)


def month_bounds(month):
    """(first day, last day) of the month holding the date `month`."""
    first = month_start(month)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def parse_month(value):
    """A month written YYYY-MM as its first day; ValueError otherwise."""
    year, _sep, number = str(value).partition("-")
    return dt.date(int(year), int(number), 1)


def month_label(month):
    return date_format(month, "F Y")


def _actor(membership=None, actor=None, actor_label=""):
    user = membership.user if membership is not None else actor
    label = actor_label or (user.get_username() if user is not None else _("système"))
    return user, label


def _event(timesheet, kind, *, user, label, day=None, comment="", **data):
    return TimesheetEvent(
        group_id=timesheet.group_id,
        timesheet=timesheet,
        kind=kind,
        actor=user,
        actor_label=label,
        day=day,
        comment=comment,
        data=data,
    )


def _locked_for_update(timesheet):
    """The timesheet re-read under a row lock (PostgreSQL), so that two requests do not race."""
    return Timesheet.objects.select_for_update().get(pk=timesheet.pk)


# --- generation -----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class GenerateResult:
    created: int = 0  # new timesheets
    updated: int = 0  # existing timesheets whose planned hours changed
    kept: int = 0  # timesheets already sent, validated or closed: left as they are


def _contracts_by_employee(group, employee_ids, first, last):
    """{employee id: contract id} of the contract in force during the month (the latest started)."""
    chosen = {}
    qs = (
        Contract.objects.filter(group=group, employee_id__in=employee_ids, start_date__lte=last)
        .exclude(end_date__lt=first)
        .order_by("employee_id", "start_date", "id")
        .values_list("employee_id", "id")
    )
    for employee_id, contract_id in qs:
        chosen[employee_id] = contract_id
    return chosen


@transaction.atomic
def generate_month(*, group, month, actor=None, actor_label=""):
    """Turn the month's planned blocks into one timesheet per employee × member (idempotent).

    Planned hours come from `planning.selectors.expand` (holidays and absences removed); actual
    hours start equal to them. Regenerating refreshes the planned hours of draft and disputed
    timesheets and keeps every corrected entry as the employee left it; timesheets already sent,
    validated or closed are not touched.
    """
    user, label = _actor(actor=actor, actor_label=actor_label)
    first, last = month_bounds(month)
    expansion = planning_selectors.expand(group=group, start=first, end=last)
    planned = defaultdict(list)  # (employee id, member id) -> [Block]
    for employee_id, blocks in expansion.blocks.items():
        for block in blocks:
            if first <= block.day <= last:
                planned[(employee_id, block.member_id)].append(block)
    assignment_contracts = dict(
        Assignment.objects.filter(pk__in=list(expansion.assignments)).values_list("id", "contract_id")
    )
    existing = {(t.employee_id, t.member_id): t for t in Timesheet.objects.filter(group=group, month=first)}
    employee_ids = {employee_id for employee_id, _member in planned}
    contracts = _contracts_by_employee(group, employee_ids, first, last)

    new_sheets = []
    for key, blocks in planned.items():
        if key in existing:
            continue
        contract_id = next(
            (
                assignment_contracts[b.assignment_id]
                for b in blocks
                if assignment_contracts.get(b.assignment_id)
            ),
            contracts.get(key[0]),
        )
        new_sheets.append(
            Timesheet(group=group, employee_id=key[0], member_id=key[1], contract_id=contract_id, month=first)
        )
    Timesheet.objects.bulk_create(new_sheets)
    new_keys = {(t.employee_id, t.member_id) for t in new_sheets}
    sheets = {**existing, **{(t.employee_id, t.member_id): t for t in new_sheets}}
    regenerated = {key: t for key, t in sheets.items() if t.status in REGENERATED}
    kept = len(sheets) - len(regenerated)

    # Entries without planned time (added by hand, or no longer planned) are left as they are.
    entries = defaultdict(dict)  # timesheet id -> {(assignment id, planned start): TimeEntry}
    sheet_ids = [t.pk for t in regenerated.values()]
    for entry in TimeEntry.objects.filter(timesheet_id__in=sheet_ids).order_by():
        if entry.assignment_id and entry.planned_start:
            entries[entry.timesheet_id][(entry.assignment_id, entry.planned_start)] = entry
    to_create, to_update, to_delete, changed = [], [], [], set()
    for key, sheet in regenerated.items():
        seen = set()
        for block in planned.get(key, ()):
            entry_key = (block.assignment_id, block.start)
            seen.add(entry_key)
            entry = entries[sheet.pk].get(entry_key)
            if entry is None:
                to_create.append(
                    TimeEntry(
                        group=group,
                        timesheet=sheet,
                        date=block.day,
                        assignment_id=block.assignment_id,
                        site_id=block.site_id,
                        planned_start=block.start,
                        planned_end=block.end,
                        planned_minutes=block.minutes,
                        actual_start=block.start,
                        actual_end=block.end,
                        actual_minutes=block.minutes,
                    )
                )
                changed.add(sheet.pk)
                continue
            before = (entry.planned_end, entry.planned_minutes, entry.site_id)
            entry.planned_end, entry.planned_minutes, entry.site_id = block.end, block.minutes, block.site_id
            if not entry.is_corrected:
                entry.actual_start, entry.actual_end, entry.actual_minutes = (
                    block.start,
                    block.end,
                    block.minutes,
                )
            if before != (entry.planned_end, entry.planned_minutes, entry.site_id):
                to_update.append(entry)
                changed.add(sheet.pk)
        for entry_key, entry in entries[sheet.pk].items():
            if entry_key in seen:
                continue
            changed.add(sheet.pk)
            if entry.is_corrected:
                # No longer planned, but the employee declared it: kept, with nothing planned.
                entry.planned_start = entry.planned_end = None
                entry.planned_minutes = 0
                to_update.append(entry)
            else:
                to_delete.append(entry.pk)
    TimeEntry.objects.bulk_create(to_create, batch_size=500)
    TimeEntry.objects.bulk_update(
        to_update,
        [
            "planned_start",
            "planned_end",
            "planned_minutes",
            "site",
            "actual_start",
            "actual_end",
            "actual_minutes",
        ],
        batch_size=500,
    )
    if to_delete:
        TimeEntry.objects.filter(pk__in=to_delete).delete()
    events = []
    for key, sheet in regenerated.items():
        if key in new_keys:
            events.append(_event(sheet, EventKind.GENERATED, user=user, label=label))
        elif sheet.pk in changed:
            events.append(_event(sheet, EventKind.REGENERATED, user=user, label=label))
    TimesheetEvent.objects.bulk_create(events, batch_size=500)
    updated = sum(1 for key, sheet in regenerated.items() if key not in new_keys and sheet.pk in changed)
    return GenerateResult(created=len(new_sheets), updated=updated, kept=kept)


# --- corrections ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class CorrectionResult:
    entry: TimeEntry
    violations: tuple = ()  # working-time violations of the actual hours (recorded, not blocking)


def _aware(day, clock):
    return dt.datetime.combine(day, clock, tzinfo=PARIS)


def actual_violations(*, group, employee_id, start, end):
    """[Violation] of an employee's actual hours (all members) touching the dates [start, end].

    The part-time floor is about the contract, not the hours worked: it is not checked here.
    """
    rows = list(
        TimeEntry.objects.filter(
            group=group,
            timesheet__employee_id=employee_id,
            date__range=(start - dt.timedelta(days=7), end + dt.timedelta(days=7)),
            actual_start__isnull=False,
        )
        .order_by()
        .values_list(
            "actual_start", "actual_end", "timesheet__member_id", "timesheet__member__name", "site_id"
        )
    )
    if not rows:
        return []
    limits, speed = planning_selectors.limits_for(group)
    limits = dataclasses.replace(limits, min_part_time_weekly_minutes=None)
    sites = Site.objects.filter(pk__in={r[4] for r in rows if r[4]})
    travel = planning_selectors.travel_function(list(sites), speed)
    intervals = [rules.WorkInterval(a, b, member=m, site=s) for a, b, m, _name, s in rows]
    names = {m: name for _a, _b, m, name, _s in rows}
    found = rules.check(intervals, limits=limits, travel_minutes=travel, names=names)
    return [v for v in found if any(start <= day <= end for day in v.days)]


def _violation_rows(violations):
    return [
        {
            "rule": v.rule_code,
            "label": str(rule_label(v.rule_code)),
            "message": v.message_fr,
            "days": [day.isoformat() for day in v.days],
        }
        for v in violations
    ]


@transaction.atomic
def correct_entry(*, membership, entry, actual_start=None, actual_end=None, not_worked=False, comment=""):
    """Correct the hours actually worked on one entry (times of day; an end not after the start
    ends the next day). Allowed to the employee and GE writers until the member validates.

    The working-time rules are checked on the actual hours of the employee's week: violations are
    returned and recorded on the entry and in the log, never blocking (the hours were worked).
    """
    timesheet = _locked_for_update(entry.timesheet)
    if not perms.is_author(membership, timesheet):
        raise PermissionDenied(_("Vous ne pouvez pas corriger ce relevé."))
    if timesheet.status not in CORRECTABLE:
        raise ValidationError(_("Ce relevé est validé ou clôturé : il ne peut plus être corrigé."))
    comment = (comment or "").strip()
    if not_worked:
        start = end = None
        minutes = 0
    else:
        errors = {}
        if actual_start is None:
            errors["actual_start"] = _("Indiquez l'heure d'arrivée.")
        if actual_end is None:
            errors["actual_end"] = _("Indiquez l'heure de départ.")
        if not errors and actual_start == actual_end:
            errors["actual_end"] = _("L'heure de départ doit différer de l'heure d'arrivée.")
        if errors:
            raise ValidationError(errors)
        start = _aware(entry.date, actual_start)
        end_day = entry.date if actual_end > actual_start else entry.date + dt.timedelta(days=1)
        end = _aware(end_day, actual_end)
        minutes = int((end.astimezone(dt.UTC) - start.astimezone(dt.UTC)).total_seconds() // 60)
    found = anomaly_rules.find(
        actual_start=start,
        actual_end=end,
        actual_minutes=minutes,
        planned_start=entry.planned_start,
        planned_end=entry.planned_end,
        planned_minutes=entry.planned_minutes,
        daily_cap=planning_selectors.limits_for(timesheet.group)[0].max_daily_minutes,
    )
    if found and not comment:
        raise ValidationError(
            {
                "comment": _(
                    "Ces heures sont inhabituelles (%(what)s) : indiquez-en la raison dans le "
                    "commentaire, ou corrigez une erreur de saisie."
                )
                % {"what": anomaly_rules.summary(found)}
            }
        )
    before = {
        "start": entry.actual_start.isoformat() if entry.actual_start else None,
        "end": entry.actual_end.isoformat() if entry.actual_end else None,
        "minutes": entry.actual_minutes,
    }
    entry.actual_start, entry.actual_end, entry.actual_minutes = start, end, minutes
    entry.comment = comment
    entry.corrected_at = timezone.now()
    entry.corrected_by = membership.user
    entry.anomalies = found
    entry.needs_review = bool(found)
    entry.reviewed_at, entry.reviewed_by = None, None
    entry.save()
    monday = entry.date - dt.timedelta(days=entry.date.weekday())
    violations = actual_violations(
        group=timesheet.group,
        employee_id=timesheet.employee_id,
        start=monday,
        end=monday + dt.timedelta(days=6),
    )
    entry.violations = _violation_rows(violations)
    entry.save(update_fields=["violations", "updated_at"])
    user, label = _actor(membership)
    _event(
        timesheet,
        EventKind.CORRECTED,
        user=user,
        label=label,
        day=entry.date,
        comment=comment,
        entry=str(entry.public_id),
        before=before,
        after={
            "start": start.isoformat() if start else None,
            "end": end.isoformat() if end else None,
            "minutes": minutes,
        },
        violations=[v.rule_code for v in violations],
        anomalies=[a["code"] for a in found],
    ).save()
    return CorrectionResult(entry, tuple(violations))


# --- workflow -------------------------------------------------------------------------------------


@transaction.atomic
def submit(*, membership, timesheet):
    """The employee (or GE writers) sends the month to the member for validation."""
    timesheet = _locked_for_update(timesheet)
    if not perms.is_author(membership, timesheet):
        raise PermissionDenied(_("Vous ne pouvez pas envoyer ce relevé."))
    if timesheet.status not in (TimesheetStatus.DRAFT, TimesheetStatus.DISPUTED):
        raise ValidationError(_("Ce relevé a déjà été envoyé, validé ou clôturé."))
    unexplained = [e for e in timesheet.entries.filter(needs_review=True) if not e.comment.strip()]
    if unexplained:
        raise ValidationError(
            _("Heures inhabituelles sans raison le %(days)s : indiquez la raison avant d'envoyer le relevé.")
            % {"days": ", ".join(f"{e.date:%d/%m/%Y}" for e in unexplained)}
        )
    timesheet.status = TimesheetStatus.SUBMITTED
    timesheet.submitted_at = timezone.now()
    timesheet.save(update_fields=["status", "submitted_at", "updated_at"])
    user, label = _actor(membership)
    _event(timesheet, EventKind.SUBMITTED, user=user, label=label).save()
    return timesheet


def _require_contact(membership, timesheet):
    if not perms.is_member_contact_of(membership, timesheet):
        raise PermissionDenied(_("Seul un contact de l'adhérent peut valider ou contester ce relevé."))
    if timesheet.status not in (TimesheetStatus.DRAFT, TimesheetStatus.SUBMITTED):
        raise ValidationError(
            _("Ce relevé n'attend pas de validation (statut : %(status)s).")
            % {"status": timesheet.get_status_display()}
        )


@transaction.atomic
def validate(*, membership, timesheet, comment=""):
    """The member's contact validates the month's hours."""
    timesheet = _locked_for_update(timesheet)
    _require_contact(membership, timesheet)
    timesheet.status = TimesheetStatus.VALIDATED
    timesheet.validated_at = timezone.now()
    timesheet.save(update_fields=["status", "validated_at", "updated_at"])
    user, label = _actor(membership)
    _event(timesheet, EventKind.VALIDATED, user=user, label=label, comment=(comment or "").strip()).save()
    return timesheet


@transaction.atomic
def dispute(*, membership, timesheet, day, comment):
    """The member's contact disputes one day, with a comment; the employee corrects and resends."""
    timesheet = _locked_for_update(timesheet)
    _require_contact(membership, timesheet)
    first, last = month_bounds(timesheet.month)
    errors = {}
    if day is None:
        errors["day"] = _("Indiquez le jour contesté.")
    elif not first <= day <= last:
        errors["day"] = _("Le jour contesté doit être dans le mois du relevé (%(month)s).") % {
            "month": month_label(timesheet.month)
        }
    if not (comment or "").strip():
        errors["comment"] = _("Expliquez ce qui ne va pas ce jour-là.")
    if errors:
        raise ValidationError(errors)
    timesheet.status = TimesheetStatus.DISPUTED
    timesheet.save(update_fields=["status", "updated_at"])
    user, label = _actor(membership)
    _event(timesheet, EventKind.DISPUTED, user=user, label=label, day=day, comment=comment.strip()).save()
    return timesheet


def month_anomalies(group, month):
    """Entries of the month whose unusual hours the GE has not reviewed yet (oldest day first)."""
    return list(
        TimeEntry.objects.filter(group=group, timesheet__month=month_start(month), needs_review=True)
        .exclude(timesheet__status=TimesheetStatus.CLOSED)
        .select_related("timesheet__employee", "timesheet__member", "site")
        .order_by("date", "timesheet__employee__last_name", "pk")
    )


@transaction.atomic
def close_month(*, membership, month, force=False, anomalies_reviewed=False):
    """Close (lock) every timesheet of the GE for the month: directors and planners.

    Unusual hours not yet reviewed block the closing until `anomalies_reviewed` says the GE read
    them (they are then marked reviewed, by whom and when); timesheets not validated by their
    member block it unless `force` is given. Returns the number of timesheets closed.
    """
    if not perms.can_manage_month(membership):
        raise PermissionDenied(_("Seuls la direction et la planification clôturent un mois."))
    first = month_start(month)
    open_sheets = Timesheet.objects.filter(group=membership.group, month=first).exclude(
        status=TimesheetStatus.CLOSED
    )
    sheets = list(open_sheets.select_for_update().order_by("pk"))
    unusual = month_anomalies(membership.group, first)
    if unusual and not anomalies_reviewed:
        raise ValidationError(
            _(
                "%(count)d journée(s) aux heures inhabituelles à revoir avant la clôture : %(list)s. "
                "Vérifiez-les puis confirmez que vous les avez revues."
            )
            % {
                "count": len(unusual),
                "list": " ; ".join(
                    f"{e.timesheet.employee.full_name} chez {e.timesheet.member.name} le {e.date:%d/%m/%Y}"
                    f" ({anomaly_rules.summary(e.anomalies)})"
                    for e in unusual
                ),
            }
        )
    waiting = [t for t in sheets if t.status != TimesheetStatus.VALIDATED]
    if waiting and not force:
        raise ValidationError(
            _(
                "%(count)d relevé(s) ne sont pas validés par leur adhérent : "
                "relancez-les ou confirmez la clôture malgré tout."
            )
            % {"count": len(waiting)}
        )
    now = timezone.now()
    if unusual:
        TimeEntry.objects.filter(pk__in=[e.pk for e in unusual]).update(
            needs_review=False, reviewed_at=now, reviewed_by=membership.user, updated_at=now
        )
    Timesheet.objects.filter(pk__in=[t.pk for t in sheets]).update(
        status=TimesheetStatus.CLOSED, closed_at=now, updated_at=now
    )
    user, label = _actor(membership)
    TimesheetEvent.objects.bulk_create(
        [_event(t, EventKind.CLOSED, user=user, label=label, previous_status=t.status) for t in sheets],
        batch_size=500,
    )
    return len(sheets)


# --- reminders ------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Reminder:
    to: str
    subject: str
    body: str
    timesheet_ids: tuple


def _absolute(path, base_url):
    return f"{base_url.rstrip('/')}{path}" if base_url else path


def plan_reminders(*, group, month, base_url=""):
    """The e-mails to send for the month: member contacts with timesheets to validate, employees
    with disputed timesheets to correct. Recipients without an e-mail address are left out."""
    first = month_start(month)
    label = month_label(first)
    pending = list(
        Timesheet.objects.filter(group=group, month=first, status__in=AWAITING_VALIDATION)
        .select_related("employee", "member")
        .order_by("member__name", "employee__last_name", "employee__first_name", "pk")
    )
    to_validate = defaultdict(list)  # member id -> [Timesheet]
    disputed = defaultdict(list)  # employee id -> [Timesheet]
    for sheet in pending:
        if sheet.status == TimesheetStatus.DISPUTED:
            disputed[sheet.employee_id].append(sheet)
        else:
            to_validate[sheet.member_id].append(sheet)
    memberships = Membership.objects.filter(group=group, is_active=True, user__is_active=True).filter(
        member_id__in=list(to_validate), role=Role.MEMBER_CONTACT
    ) | Membership.objects.filter(
        group=group, is_active=True, user__is_active=True, employee_id__in=list(disputed), role=Role.EMPLOYEE
    )
    reminders = []
    for membership in memberships.select_related("user").order_by("user__username", "pk"):
        email = membership.user.email
        if not email:
            continue
        if membership.role == Role.MEMBER_CONTACT:
            sheets = to_validate[membership.member_id]
            lines = [f"- {s.employee.full_name} ({s.get_status_display()})" for s in sheets]
            path = reverse(
                "timesheets:member_month",
                kwargs={"public_id": sheets[0].member.public_id, "year": first.year, "month": first.month},
            )
            subject = _("Relevés d'heures de %(month)s à valider") % {"month": label}
            body = _(
                "Bonjour,\n\nLes relevés d'heures de %(month)s des salariés suivants, mis à disposition de "
                "%(member)s, attendent votre validation :\n\n%(lines)s\n\nVous pouvez les valider ou "
                "contester une journée ici : %(url)s\n\nMerci,\n%(group)s"
            ) % {
                "month": label,
                "member": sheets[0].member.name,
                "lines": "\n".join(lines),
                "url": _absolute(path, base_url),
                "group": group.name,
            }
        else:
            sheets = disputed[membership.employee_id]
            lines = [f"- {s.member.name}" for s in sheets]
            path = reverse(
                "timesheets:employee_month",
                kwargs={"public_id": sheets[0].employee.public_id, "year": first.year, "month": first.month},
            )
            subject = _("Relevé d'heures de %(month)s contesté : à corriger") % {"month": label}
            body = _(
                "Bonjour,\n\nUn adhérent a contesté une journée de votre relevé d'heures de %(month)s :\n\n"
                "%(lines)s\n\nCorrigez vos heures puis renvoyez le relevé : %(url)s\n\nMerci,\n%(group)s"
            ) % {
                "month": label,
                "lines": "\n".join(lines),
                "url": _absolute(path, base_url),
                "group": group.name,
            }
        reminders.append(Reminder(email, subject, body, tuple(s.pk for s in sheets)))
    return reminders


@transaction.atomic
def send_reminders(*, group, month, dry_run=False, actor=None, actor_label="", base_url=""):
    """Send the reminders of `plan_reminders` (nothing is sent or logged with `dry_run`)."""
    reminders = plan_reminders(group=group, month=month, base_url=base_url)
    if dry_run or not reminders:
        return reminders
    connection = get_connection()
    connection.send_messages(
        [EmailMessage(r.subject, r.body, to=[r.to], connection=connection) for r in reminders]
    )
    user, label = _actor(actor=actor, actor_label=actor_label)
    ids = sorted({pk for r in reminders for pk in r.timesheet_ids})
    now = timezone.now()
    Timesheet.objects.filter(pk__in=ids).update(last_reminder_at=now)
    sheets = Timesheet.objects.filter(pk__in=ids).order_by("pk")
    TimesheetEvent.objects.bulk_create(
        [_event(s, EventKind.REMINDED, user=user, label=label) for s in sheets]
    )
    return reminders


# --- calendars ------------------------------------------------------------------------------------


@transaction.atomic
def calendar_token(*, membership, employee=None, member=None, regenerate=False):
    """The calendar token of an employee or a member, created on first use; `regenerate` replaces
    it, so that the old feed URL stops working at once."""
    from .enums import CalendarKind
    from .models import CalendarToken, new_calendar_token

    if not perms.can_manage_calendar(membership, employee=employee, member=member):
        raise PermissionDenied(_("Vous ne pouvez pas gérer ce calendrier."))
    if employee is not None:
        token, created = CalendarToken.objects.get_or_create(
            employee=employee, defaults={"group": employee.group, "kind": CalendarKind.EMPLOYEE}
        )
    else:
        token, created = CalendarToken.objects.get_or_create(
            member=member, defaults={"group": member.group, "kind": CalendarKind.MEMBER}
        )
    if regenerate and not created:
        token.token = new_calendar_token()
        token.regenerated_at = timezone.now()
        token.save(update_fields=["token", "regenerated_at", "updated_at"])
    return token
