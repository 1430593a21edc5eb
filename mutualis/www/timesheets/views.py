"""Timesheet pages: the employee's month on a phone, the member's validation, the GE's month,
payroll exports and the calendar feeds."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from mutualis.accounts.roles import Role
from mutualis.accounts.tenancy import scoped
from mutualis.core import dates, spreadsheets
from mutualis.core.access import ensure, has_membership, permission, public
from mutualis.employees.models import Employee
from mutualis.members.models import Member
from mutualis.timesheets import calendars, perms, selectors, services
from mutualis.timesheets.enums import TimesheetStatus
from mutualis.timesheets.models import CalendarToken, TimeEntry, Timesheet, TimesheetEvent

from .forms import GROUPING_CHOICES, CloseForm, DisputeForm, EntryCorrectionForm, ValidateForm

PER_PAGE = 50
EXPORT_TYPES = spreadsheets.CONTENT_TYPES


def _month(year, month):
    first = dates.month_start(year, month)
    if first is None:
        raise Http404
    return first


def _month_kwargs(first):
    return {"year": first.year, "month": first.month}


def _neighbours(first):
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return previous, following


def _current_month():
    return timezone.localdate().replace(day=1)


@permission(has_membership)
def index(request):
    """Where "Relevés d'heures" leads: the GE's month, the member's month or the employee's month."""
    membership = request.membership
    first = _current_month()
    if perms.is_staff(membership):
        return redirect("timesheets:overview", **_month_kwargs(first))
    if membership.role == Role.MEMBER_CONTACT:
        return redirect(
            "timesheets:member_month", public_id=membership.member.public_id, **_month_kwargs(first)
        )
    if membership.role == Role.EMPLOYEE:
        return redirect(
            "timesheets:employee_month", public_id=membership.employee.public_id, **_month_kwargs(first)
        )
    raise Http404


# --- the employee's month (phone first) ------------------------------------------------------------


@permission(has_membership)
def employee_month(request, public_id, year, month):
    membership = request.membership
    first = _month(year, month)
    employee = get_object_or_404(scoped(Employee, membership), public_id=public_id)
    ensure(visible=perms.can_view_employee_month(membership, employee))
    data = selectors.employee_month(employee, first, scoped(Timesheet, membership))
    for sheet in data["timesheets"]:
        sheet.can_submit = perms.can_submit(membership, sheet)
        sheet.can_correct = perms.can_correct(membership, sheet)
    previous, following = _neighbours(first)
    return render(
        request,
        "timesheets/employee_month.html",
        {
            "employee": employee,
            "month": data,
            "first": first,
            "previous": previous,
            "following": following,
            "planned": selectors.fmt_minutes(data["planned"]),
            "actual": selectors.fmt_minutes(data["actual"]),
            "is_self": membership.role == Role.EMPLOYEE,
        },
    )


@permission(has_membership)
def entry_correct(request, public_id):
    membership = request.membership
    entry = get_object_or_404(
        scoped(TimeEntry, membership).select_related("timesheet__member", "timesheet__employee", "site"),
        public_id=public_id,
    )
    timesheet = entry.timesheet
    ensure(perms.is_author(membership, timesheet), message=_("Vous ne pouvez pas corriger ce relevé."))
    editable = perms.can_correct(membership, timesheet)
    back = reverse(
        "timesheets:employee_month",
        kwargs={"public_id": timesheet.employee.public_id, **_month_kwargs(timesheet.month)},
    )
    initial = {
        "actual_start": entry.actual_start and timezone.localtime(entry.actual_start).time(),
        "actual_end": entry.actual_end and timezone.localtime(entry.actual_end).time(),
        "not_worked": entry.actual_start is None,
        "comment": entry.comment,
    }
    form = EntryCorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        ensure(editable, message=_("Ce relevé est validé ou clôturé : il ne peut plus être corrigé."))
        if form.is_valid():
            try:
                result = services.correct_entry(
                    membership=membership,
                    entry=entry,
                    actual_start=form.cleaned_data["actual_start"],
                    actual_end=form.cleaned_data["actual_end"],
                    not_worked=form.cleaned_data["not_worked"],
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Heures du %(day)s enregistrées : %(actual)s.")
                    % {
                        "day": entry.date.strftime("%d/%m/%Y"),
                        "actual": selectors.fmt_minutes(result.entry.actual_minutes),
                    },
                )
                for violation in result.violations:
                    messages.warning(request, violation.message_fr)
                return redirect(f"{back}#jour-{entry.date.isoformat()}")
    return render(
        request,
        "timesheets/entry_correct.html",
        {
            "entry": entry,
            "timesheet": timesheet,
            "form": form,
            "editable": editable,
            "back": back,
            "planned": selectors.fmt_minutes(entry.planned_minutes),
        },
    )


@permission(has_membership)
@require_POST
def submit(request, public_id):
    membership = request.membership
    timesheet = get_object_or_404(scoped(Timesheet, membership).select_related("member"), public_id=public_id)
    ensure(perms.is_author(membership, timesheet), message=_("Vous ne pouvez pas envoyer ce relevé."))
    try:
        services.submit(membership=membership, timesheet=timesheet)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Relevé envoyé à %(member)s pour validation.") % {"member": timesheet.member.name}
        )
    if membership.role == Role.EMPLOYEE:
        return redirect(
            "timesheets:employee_month",
            public_id=membership.employee.public_id,
            **_month_kwargs(timesheet.month),
        )
    return redirect("timesheets:detail", public_id=timesheet.public_id)


# --- one timesheet: validation by the member --------------------------------------------------------


def _detail_context(membership, timesheet, *, validate_form=None, dispute_form=None):
    entries = list(timesheet.entries.select_related("site").order_by("date", "planned_start", "pk"))
    events = list(scoped(TimesheetEvent, membership).filter(timesheet=timesheet).order_by("created_at", "pk"))
    days = sorted({e.date for e in entries})
    can_validate = perms.can_validate(membership, timesheet)
    planned = sum(e.planned_minutes for e in entries)
    actual = sum(e.actual_minutes for e in entries)
    return {
        "timesheet": timesheet,
        "entries": entries,
        "events": events,
        "planned": selectors.fmt_minutes(planned),
        "actual": selectors.fmt_minutes(actual),
        "difference": selectors.fmt_minutes(actual - planned),
        "can_validate": can_validate,
        "can_submit": perms.can_submit(membership, timesheet),
        "validate_form": validate_form or ValidateForm(),
        "dispute_form": dispute_form or DisputeForm(days=days),
        "member_month_url": reverse(
            "timesheets:member_month",
            kwargs={"public_id": timesheet.member.public_id, **_month_kwargs(timesheet.month)},
        ),
        "show_member_month": perms.can_view_member_month(membership, timesheet.member),
    }


def _timesheet(request, public_id):
    return get_object_or_404(
        scoped(Timesheet, request.membership).select_related("employee", "member", "contract"),
        public_id=public_id,
    )


@permission(has_membership)
def detail(request, public_id):
    timesheet = _timesheet(request, public_id)
    return render(request, "timesheets/detail.html", _detail_context(request.membership, timesheet))


@permission(has_membership)
@require_POST
def validate(request, public_id):
    membership = request.membership
    timesheet = _timesheet(request, public_id)
    ensure(
        perms.is_member_contact_of(membership, timesheet),
        message=_("Seul un contact de l'adhérent peut valider ce relevé."),
    )
    form = ValidateForm(request.POST)
    if form.is_valid():
        try:
            services.validate(
                membership=membership, timesheet=timesheet, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Relevé de %(employee)s validé.") % {"employee": timesheet.employee.full_name},
            )
    next_url = request.POST.get("next")
    if next_url == "member_month":
        return redirect(
            "timesheets:member_month", public_id=timesheet.member.public_id, **_month_kwargs(timesheet.month)
        )
    return redirect("timesheets:detail", public_id=timesheet.public_id)


@permission(has_membership)
@require_POST
def dispute(request, public_id):
    membership = request.membership
    timesheet = _timesheet(request, public_id)
    ensure(
        perms.is_member_contact_of(membership, timesheet),
        message=_("Seul un contact de l'adhérent peut contester ce relevé."),
    )
    days = sorted(set(timesheet.entries.values_list("date", flat=True)))
    form = DisputeForm(request.POST, days=days)
    if form.is_valid():
        try:
            services.dispute(
                membership=membership,
                timesheet=timesheet,
                day=form.cleaned_data["day"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Journée contestée : %(employee)s est invité(e) à corriger son relevé.")
                % {"employee": timesheet.employee.full_name},
            )
            return redirect("timesheets:detail", public_id=timesheet.public_id)
    context = _detail_context(membership, timesheet, dispute_form=form)
    return render(request, "timesheets/detail.html", context, status=400)


# --- the member's month ---------------------------------------------------------------------------


@permission(has_membership)
def member_month(request, public_id, year, month):
    membership = request.membership
    first = _month(year, month)
    member = get_object_or_404(scoped(Member, membership), public_id=public_id)
    ensure(visible=perms.can_view_member_month(membership, member))
    sheets = list(
        selectors.with_totals(scoped(Timesheet, membership).filter(member=member, month=first))
        .select_related("employee")
        .order_by("employee__last_name", "employee__first_name", "pk")
    )
    for sheet in sheets:
        sheet.can_validate = perms.can_validate(membership, sheet)
        sheet.planned_label = selectors.fmt_minutes(sheet.planned_total)
        sheet.actual_label = selectors.fmt_minutes(sheet.actual_total)
        sheet.difference_label = selectors.fmt_minutes(sheet.actual_total - sheet.planned_total)
    previous, following = _neighbours(first)
    return render(
        request,
        "timesheets/member_month.html",
        {
            "member": member,
            "first": first,
            "previous": previous,
            "following": following,
            "timesheets": sheets,
            "waiting": sum(1 for s in sheets if s.can_validate),
            "is_contact": membership.role == Role.MEMBER_CONTACT,
        },
    )


# --- the GE's month -------------------------------------------------------------------------------


@permission(perms.is_staff)
def overview(request, year, month):
    membership = request.membership
    first = _month(year, month)
    month_qs = scoped(Timesheet, membership).filter(month=first)
    counts = selectors.status_counts(month_qs)
    status = request.GET.get("statut", "")
    listed = month_qs.filter(status=status) if status in TimesheetStatus.values else month_qs
    page = Paginator(
        selectors.with_totals(listed)
        .select_related("employee", "member")
        .order_by("status", "member__name", "employee__last_name", "employee__first_name", "pk"),
        PER_PAGE,
    ).get_page(request.GET.get("page"))
    for sheet in page:
        sheet.planned_label = selectors.fmt_minutes(sheet.planned_total)
        sheet.actual_label = selectors.fmt_minutes(sheet.actual_total)
    previous, following = _neighbours(first)
    statuses = [
        {"value": value, "label": label, "count": counts[value]} for value, label in TimesheetStatus.choices
    ]
    anomalies = services.month_anomalies(request.current_group, first)
    for entry in anomalies:
        entry.actual_label = selectors.fmt_minutes(entry.actual_minutes)
        entry.planned_label = selectors.fmt_minutes(entry.planned_minutes)
        # Who may correct the day opens it; the others (the accountant) read it in the employee's month.
        sheet = entry.timesheet
        entry.url = (
            reverse("timesheets:entry_correct", args=[entry.public_id])
            if perms.is_author(membership, sheet)
            else reverse(
                "timesheets:employee_month",
                kwargs={"public_id": sheet.employee.public_id, **_month_kwargs(sheet.month)},
            )
        )
    return render(
        request,
        "timesheets/overview.html",
        {
            "first": first,
            "previous": previous,
            "following": following,
            "page": page,
            "statuses": statuses,
            "status": status,
            "total": sum(counts.values()),
            "waiting": counts[TimesheetStatus.DRAFT]
            + counts[TimesheetStatus.SUBMITTED]
            + counts[TimesheetStatus.DISPUTED],
            "can_manage": perms.can_manage_month(membership),
            "close_form": CloseForm(),
            "groupings": GROUPING_CHOICES,
            "anomalies": anomalies,
        },
    )


MONTH_MANAGERS_ONLY = _lazy("Seuls la direction et la planification gèrent les relevés du mois.")


@permission(perms.can_manage_month, visible=perms.is_staff, message=MONTH_MANAGERS_ONLY)
@require_POST
def generate(request, year, month):
    first = _month(year, month)
    result = services.generate_month(group=request.current_group, month=first, actor=request.user)
    messages.success(
        request,
        _(
            "Relevés de %(month)s : %(created)d créé(s), %(updated)d mis à jour depuis le planning, "
            "%(kept)d laissé(s) tels quels (envoyés, validés ou clôturés)."
        )
        % {
            "month": services.month_label(first),
            "created": result.created,
            "updated": result.updated,
            "kept": result.kept,
        },
    )
    return redirect("timesheets:overview", **_month_kwargs(first))


@permission(perms.can_manage_month, visible=perms.is_staff, message=MONTH_MANAGERS_ONLY)
@require_POST
def close(request, year, month):
    first = _month(year, month)
    form = CloseForm(request.POST)
    form.is_valid()
    try:
        count = services.close_month(
            membership=request.membership,
            month=first,
            force=form.cleaned_data.get("force", False),
            anomalies_reviewed=form.cleaned_data.get("anomalies_reviewed", False),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(month)s clôturé : %(count)d relevé(s) verrouillé(s).")
            % {"month": services.month_label(first).capitalize(), "count": count},
        )
    return redirect("timesheets:overview", **_month_kwargs(first))


@permission(perms.can_manage_month, visible=perms.is_staff, message=MONTH_MANAGERS_ONLY)
@require_POST
def remind(request, year, month):
    first = _month(year, month)
    reminders = services.send_reminders(
        group=request.current_group,
        month=first,
        actor=request.user,
        base_url=request.build_absolute_uri("/"),
    )
    messages.success(request, _("%(count)d relance(s) envoyée(s).") % {"count": len(reminders)})
    return redirect("timesheets:overview", **_month_kwargs(first))


@permission(perms.can_export)
def export(request, year, month, fmt):
    if fmt not in EXPORT_TYPES:
        raise Http404
    first = _month(year, month)
    grouping = request.GET.get("par", "detail")
    if grouping not in selectors.GROUPINGS:
        grouping = "detail"
    rows = selectors.export_rows(scoped(Timesheet, request.membership).filter(month=first), grouping)
    headers = {
        "detail": [_("Salarié"), _("Adhérent")],
        "salarie": [_("Salarié")],
        "adherent": [_("Adhérent")],
    }[grouping]
    return spreadsheets.response(
        [
            *headers,
            _("Mois"),
            _("Heures prévues"),
            _("Heures réelles"),
            _("Écart (h)"),
            *([_("Statut")] if grouping == "detail" else []),
        ],
        (
            [
                *{
                    "detail": [row["employee"], row["member"]],
                    "salarie": [row["employee"]],
                    "adherent": [row["member"]],
                }[grouping],
                first.strftime("%Y-%m"),
                selectors.hours(row["planned"]),
                selectors.hours(row["actual"]),
                selectors.hours(row["actual"] - row["planned"]),
                *([row["status"]] if grouping == "detail" else []),
            ]
            for row in rows
        ),
        export_format=fmt,
        filename=f"heures-{first:%Y-%m}-{grouping}",
        title=_("Heures %(month)s") % {"month": first.strftime("%Y-%m")},
    )


# --- calendars ------------------------------------------------------------------------------------


def _calendar_page(request, *, employee=None, member=None):
    membership = request.membership
    ensure(visible=perms.can_manage_calendar(membership, employee=employee, member=member))
    regenerate = request.method == "POST"
    token = services.calendar_token(
        membership=membership, employee=employee, member=member, regenerate=regenerate
    )
    if regenerate:
        messages.success(request, _("Nouvelle adresse créée : l'ancienne ne fonctionne plus."))
        return redirect(request.path)
    feed_path = reverse("timesheets:calendar_feed", kwargs={"token": token.token})
    return render(
        request,
        "timesheets/calendar.html",
        {
            "owner": employee or member,
            "owner_name": employee.full_name if employee else member.name,
            "is_employee": employee is not None,
            "feed_url": request.build_absolute_uri(feed_path),
            "token": token,
        },
    )


@permission(has_membership)
def calendar_employee(request, public_id):
    employee = get_object_or_404(scoped(Employee, request.membership), public_id=public_id)
    return _calendar_page(request, employee=employee)


@permission(has_membership)
def calendar_member(request, public_id):
    member = get_object_or_404(scoped(Member, request.membership), public_id=public_id)
    return _calendar_page(request, member=member)


@public
def calendar_feed(request, token):
    """The feed itself: no login, only the secret token (a regenerated token answers 404)."""
    calendar_token = (
        CalendarToken.objects.filter(token=token, group__is_active=True)
        .select_related("employee__group", "member__group")
        .first()
    )
    if calendar_token is None:
        raise Http404
    if calendar_token.employee_id:
        content = calendars.employee_feed(calendar_token.employee)
    else:
        content = calendars.member_feed(calendar_token.member)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="planning.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
