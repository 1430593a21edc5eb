"""Planning pages for GE staff: one employee's week across members, the rules, the agreements."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from mutualis.accounts.tenancy import scoped
from mutualis.billing import agreements
from mutualis.core import dates
from mutualis.core.access import ensure, has_membership, permission
from mutualis.employees.models import Employee
from mutualis.members.models import Member
from mutualis.planning import documents, grouping, perms, selectors, services
from mutualis.planning.enums import LIMIT_UNITS, rule_label
from mutualis.planning.models import Assignment, WorkingTimeRule
from mutualis.planning.rules import PARIS, fmt_duration
from mutualis.planning.services import PlanningConflict

from .forms import (
    AbsenceForm,
    AssignmentForm,
    EndAssignmentForm,
    ScheduleExceptionForm,
    SlotFormSet,
    WorkingTimeRuleForm,
    slot_initial,
)

PLANNING_READ_ONLY = _lazy("Votre rôle permet de consulter le planning, pas de le modifier.")
RULES_DIRECTOR_ONLY = _lazy("Seule la direction du groupement peut modifier les règles.")


def _week_start(value):
    """The Monday of the week holding the date `value` (YYYY-MM-DD), else of today."""
    day = dates.parse_day(value) or timezone.localdate()
    return day - dt.timedelta(days=day.weekday())


@permission(perms.can_view_planning)
def employee_week(request, public_id):
    employee = get_object_or_404(scoped(Employee, request.membership), public_id=public_id)
    monday = _week_start(request.GET.get("semaine"))
    week = selectors.employee_week(employee, monday)
    violations = grouping.group(week["violations"])
    for row in week["members"]:
        row["hours"] = fmt_duration(row["minutes"] * 60)
    return render(
        request,
        "planning/employee_week.html",
        {
            "employee": employee,
            "week": week,
            "violations": violations,
            "total": fmt_duration(week["total_minutes"] * 60),
            "previous_week": monday - dt.timedelta(days=7),
            "next_week": monday + dt.timedelta(days=7),
            "can_edit": perms.can_edit_planning(request.membership),
        },
    )


@permission(has_membership)
def placement_agreement_pdf(request, member_id, employee_id):
    member = get_object_or_404(scoped(Member, request.membership), public_id=member_id)
    employee = get_object_or_404(scoped(Employee, request.membership), public_id=employee_id)
    ensure(visible=perms.can_download_agreement(request.membership, member, employee))
    pdf = agreements.placement_agreement_pdf(member=member, employee=employee)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = documents.placement_agreement_filename(member=member, employee=employee)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _limit_display(rule):
    unit = LIMIT_UNITS.get(rule.code, "minutes")
    if unit == "days":
        return _("%(count)d jours") % {"count": rule.limit}
    if unit == "kmh":
        return _("%(speed)d km/h") % {"speed": rule.limit}
    return fmt_duration(rule.limit * 60)


@permission(perms.can_view_planning)
def rule_list(request):
    # The rows exist from the GE's creation (planning.apps, migration 0002): reading writes nothing.
    rules = scoped(WorkingTimeRule, request.membership).order_by("code")
    rows = [{"rule": rule, "label": rule_label(rule.code), "limit": _limit_display(rule)} for rule in rules]
    return render(
        request,
        "planning/rule_list.html",
        {"rows": rows, "can_edit": perms.can_edit_rules(request.membership)},
    )


@permission(perms.can_view_planning)
def rule_update(request, public_id):
    rule = get_object_or_404(scoped(WorkingTimeRule, request.membership), public_id=public_id)
    ensure(perms.can_edit_rules(request.membership), message=RULES_DIRECTOR_ONLY)
    form = WorkingTimeRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_rule(
                membership=request.membership,
                rule=rule,
                limit=form.cleaned_data["limit"],
                is_active=form.cleaned_data["is_active"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("La règle « %(rule)s » est enregistrée.") % {"rule": rule_label(rule.code)}
            )
            return redirect("planning:rules")
    return render(
        request, "planning/rule_form.html", {"form": form, "rule": rule, "label": rule_label(rule.code)}
    )


@permission(perms.can_view_planning)
def assignment_create(request, public_id):
    """A new assignment of this employee, checked against every working-time rule across members."""
    employee = get_object_or_404(scoped(Employee, request.membership), public_id=public_id)
    ensure(perms.can_edit_planning(request.membership), message=PLANNING_READ_ONLY)
    return _assignment_form_page(request, employee)


@permission(perms.can_view_planning)
def assignment_update(request, public_id):
    """Change an assignment (pattern, dates, site, rates…), checked like a new one."""
    assignment = _editable_assignment(request, public_id)
    return _assignment_form_page(request, assignment.employee, assignment)


def _editable_assignment(request, public_id):
    """The assignment, for GE staff who may edit the planning (404 for others' GEs, 403 read-only)."""
    assignment = get_object_or_404(
        scoped(Assignment, request.membership).select_related("employee", "member", "site"),
        public_id=public_id,
    )
    ensure(perms.can_edit_planning(request.membership), message=PLANNING_READ_ONLY)
    return assignment


def _assignment_form_page(request, employee, assignment=None):
    """The assignment form, new (`assignment` None) or pre-filled; saved through save_assignment.

    New violations are listed (rule, days, members) and nothing is saved; the director may save
    anyway with a reason, logged by the service.
    """
    data = request.POST if request.method == "POST" else None
    form = AssignmentForm(data, membership=request.membership, employee=employee, assignment=assignment)
    initial_slots = slot_initial(assignment) if assignment is not None and data is None else None
    slots = SlotFormSet(data, prefix="slots", initial=initial_slots)
    conflict = None
    if data is not None and form.is_valid() and slots.is_valid():
        cleaned = form.cleaned_data
        try:
            result = services.save_assignment(
                membership=request.membership,
                employee=employee,
                member=cleaned["member"],
                site=cleaned["site"],
                contract=cleaned["contract"],
                start_date=cleaned["start_date"],
                end_date=cleaned["end_date"],
                hourly_rate=cleaned["hourly_rate"],
                billing_coefficient=cleaned["billing_coefficient"],
                priority=cleaned["priority"] or 0,
                status=cleaned["status"],
                notes=cleaned["notes"],
                slots=[spec for spec in (f.spec() for f in slots.forms if f.cleaned_data) if spec],
                assignment=assignment,
                override_reason=cleaned["override_reason"],
            )
        except ValidationError as error:
            _add_errors(form, slots, error)
        except PlanningConflict as error:
            conflict = error
        else:
            messages.success(request, _("La mise à disposition est enregistrée."))
            if result.overridden:
                messages.warning(
                    request,
                    _("Enregistrée malgré %(count)d infraction(s) ; la dérogation est journalisée.")
                    % {"count": len(result.overridden)},
                )
            day = (
                cleaned["start_date"]
                if assignment is None
                else _shown_day(cleaned["start_date"], cleaned["end_date"])
            )
            return redirect(_week_url(employee, day))
    violations = grouping.group(conflict.violations) if conflict else []
    return render(
        request,
        "planning/assignment_form.html",
        {
            "employee": employee,
            "assignment": assignment,
            "form": form,
            "slots": slots,
            "violations": violations,
            "can_override": perms.can_override_rules(request.membership),
        },
    )


def _shown_day(start_date, end_date):
    """The day whose week is shown after a save: today when the assignment covers it, else its start."""
    today = timezone.localdate()
    if start_date <= today and (end_date is None or today <= end_date):
        return today
    return start_date


@permission(perms.can_view_planning)
def assignment_end(request, public_id):
    """End an assignment on a given day (today by default): its later blocks leave the planning."""
    assignment = _editable_assignment(request, public_id)
    form = EndAssignmentForm(
        request.POST if request.method == "POST" else None,
        assignment=assignment,
        initial={"end_date": timezone.localdate(timezone=PARIS)},
    )
    if request.method == "POST" and form.is_valid():
        end_date = form.cleaned_data["end_date"]
        try:
            services.end_assignment(membership=request.membership, assignment=assignment, end_date=end_date)
        except ValidationError as error:
            _add_errors(form, None, error)
        else:
            messages.success(
                request,
                _("La mise à disposition chez %(member)s se termine le %(date)s.")
                % {"member": assignment.member.name, "date": date_format(end_date, "j F Y")},
            )
            return redirect(_week_url(assignment.employee, end_date))
    return render(request, "planning/assignment_end.html", {"assignment": assignment, "form": form})


def _add_errors(form, slots, error, fields=None):
    """Put a service's ValidationError on the form; `fields` renames model fields to form fields."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages_ in error.message_dict.items():
        field = (fields or {}).get(field, field)
        if field == "slots" and slots is not None:
            slots._non_form_errors = slots.error_class(messages_, error_class="nonform")
        elif field in form.fields:
            form.add_error(field, messages_)
        else:
            form.add_error(None, messages_)


def _week_url(employee, day):
    return f"{reverse('planning:employee_week', args=[employee.public_id])}?semaine={day:%Y-%m-%d}"


@permission(perms.can_view_planning)
def absence_create(request, public_id):
    """Record an absence (paid leave, sickness, training…): planned work inside it is not worked."""
    employee = get_object_or_404(scoped(Employee, request.membership), public_id=public_id)
    ensure(perms.can_edit_planning(request.membership), message=PLANNING_READ_ONLY)
    form = AbsenceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        try:
            services.record_absence(
                membership=request.membership,
                employee=employee,
                kind=cleaned["kind"],
                start=cleaned["start"],
                end=cleaned["end"],
                comment=cleaned["comment"],
            )
        except ValidationError as error:
            _add_errors(form, None, error, fields={"start": "start_date", "end": "end_date"})
        else:
            messages.success(request, _("L'absence est enregistrée."))
            return redirect(_week_url(employee, cleaned["start_date"]))
    return render(request, "planning/absence_form.html", {"employee": employee, "form": form})


@permission(perms.can_view_planning)
def exception_create(request, public_id):
    """Cancel, move or add one day of an assignment, checked against the working-time rules."""
    assignment = get_object_or_404(
        scoped(Assignment, request.membership).select_related("employee", "member", "site"),
        public_id=public_id,
    )
    ensure(perms.can_edit_planning(request.membership), message=PLANNING_READ_ONLY)
    form = ScheduleExceptionForm(request.POST if request.method == "POST" else None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        try:
            result = services.save_schedule_exception(
                membership=request.membership,
                assignment=assignment,
                kind=cleaned["kind"],
                date=cleaned["date"],
                new_date=cleaned["new_date"],
                start_time=cleaned["start_time"],
                end_time=cleaned["end_time"],
                reason=cleaned["reason"],
                override_reason=cleaned["override_reason"],
            )
        except ValidationError as error:
            _add_errors(form, None, error)
        except PlanningConflict as error:
            conflict = error
        else:
            messages.success(request, _("Le changement de planning est enregistré."))
            if result.overridden:
                messages.warning(
                    request, _("Enregistré malgré une infraction ; la dérogation est journalisée.")
                )
            return redirect(_week_url(assignment.employee, cleaned["new_date"] or cleaned["date"]))
    violations = grouping.group(conflict.violations) if conflict else []
    return render(
        request,
        "planning/exception_form.html",
        {
            "assignment": assignment,
            "form": form,
            "violations": violations,
            "can_override": perms.can_override_rules(request.membership),
        },
    )
