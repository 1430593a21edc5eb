"""Planning grids: the GE-wide week, one member's week, an employee's month, the employee's own pages,
moving a block (drag and drop with a form fallback), conflicts between members and priority rules."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from mutualis.accounts.tenancy import scoped
from mutualis.core import dates, spreadsheets
from mutualis.core.access import ensure, has_membership, permission
from mutualis.employees.models import Employee
from mutualis.jobs.services import start_job
from mutualis.members.models import Member
from mutualis.needs import selectors as need_selectors
from mutualis.planning import grouping, jobs, perms, selectors, services
from mutualis.planning.enums import rule_label
from mutualis.planning.models import Assignment, PriorityRule
from mutualis.planning.rules import fmt_duration
from mutualis.planning.services import PlanningConflict

from . import cells
from .forms import GroupWeekFilterForm, MoveBlockForm, PriorityRuleForm, ResolveConflictForm
from .views import PLANNING_READ_ONLY, _week_start, _week_url

FULL_CHECK_REFUSED = _lazy("Votre rôle ne permet pas de lancer cette vérification.")


def _labelled(violations):
    return grouping.group(violations)


def _month(value):
    """(year, month) from 'YYYY-MM', else the current month."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
    except ValueError:
        year = month = None
    first = dates.month_start(year, month) or timezone.localdate()
    return first.year, first.month


def _month_nav(year, month):
    first = dt.date(year, month, 1)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return {"month": first, "previous_month": previous, "next_month": following}


# --- the GE-wide week ------------------------------------------------------------------------------

_UUID_MARKER = "00000000-0000-0000-0000-000000000000"


def _url_of(name):
    """public id -> the URL `name` of that object, reversed once for the page (a `{% url %}` on each of
    25 rows and 100 legend entries cost a tenth of the page)."""
    pattern = reverse(name, args=[_UUID_MARKER])
    return lambda public_id: pattern.replace(_UUID_MARKER, str(public_id))


@permission(perms.can_view_planning)
def group_week(request):
    """Who works where this week: rows = employees (25 a page), columns = days, blocks per member."""
    group = request.current_group
    form = GroupWeekFilterForm(request.GET or None, membership=request.membership)
    filters = form.cleaned_data if form.is_valid() else {}
    monday = _week_start(request.GET.get("semaine"))
    employees = selectors.group_employees(
        group,
        member=filters.get("adherent"),
        skill=filters.get("competence"),
        commune=filters.get("commune") or "",
        on=monday,
    )
    export_format = request.GET.get("_export")
    if export_format in EXPORT_FORMATS:
        return _export_group_week(group, monday, employees, export_format)
    page = Paginator(employees, selectors.GROUP_PAGE_SIZE).get_page(request.GET.get("page"))
    week = selectors.group_week(group, monday, page.object_list)
    on_week = f"?semaine={monday:%Y-%m-%d}"
    employee_week_url = _url_of("planning:employee_week")
    conflicts_url = _url_of("planning:employee_conflicts")
    member_week_url = _url_of("planning:member_week")
    for item in week["legend"]:
        item["url"] = member_week_url(item["member"].public_id) + on_week
    for employee in week["unassigned"]:
        employee.week_url = employee_week_url(employee.public_id) + on_week
    for row in week["rows"]:
        row["week_url"] = employee_week_url(row["employee"].public_id) + on_week
        row["conflicts_url"] = conflicts_url(row["employee"].public_id) + on_week
        row["cells"] = cells.row_cells(row)
        row["violations"] = _labelled(row["violations"])
        row["hours"] = fmt_duration(row["minutes"] * 60)
        row["contract_hours"] = fmt_duration(row["contract_minutes"] * 60) if row["contract_minutes"] else ""
        row["unfilled"] = fmt_duration(row["unfilled_minutes"] * 60) if row["unfilled_minutes"] else ""
    filters = [
        {
            "name": "adherent",
            "label": form.fields["adherent"].label,
            "empty": form.fields["adherent"].empty_label,
            "value": str(filters["adherent"].public_id) if filters.get("adherent") else "",
            "options": [
                (str(pk), name)
                for pk, name in form.fields["adherent"].queryset.values_list("public_id", "name")
            ],
        },
        {
            "name": "competence",
            "label": form.fields["competence"].label,
            "empty": form.fields["competence"].empty_label,
            "value": filters["competence"].code if filters.get("competence") else "",
            "options": list(form.fields["competence"].queryset.values_list("code", "label")),
        },
        {
            "name": "commune",
            "label": form.fields["commune"].label,
            "empty": _("Toutes"),
            "value": filters.get("commune") or "",
            "options": [choice for choice in form.fields["commune"].choices if choice[0]],
        },
    ]
    for item in filters:
        item["options_html"] = cells.options_html(item["options"], item["value"])
    query = request.GET.copy()
    query.pop("page", None)
    week_query = request.GET.copy()
    week_query.pop("semaine", None)
    week_query.pop("page", None)
    return render(
        request,
        "planning/group_week.html",
        {
            "filters": filters,
            "page": page,
            "week": week,
            "summary": {
                **selectors.group_week_summary(group, monday),
                "members_waiting": need_selectors.members_waiting(group),
            },
            "planned": fmt_duration(week["planned_minutes"] * 60),
            "unfilled": fmt_duration(week["unfilled_minutes"] * 60),
            "query": query.urlencode(),
            "week_query": week_query.urlencode(),
            "previous_week": monday - dt.timedelta(days=7),
            "next_week": monday + dt.timedelta(days=7),
            "can_check": perms.can_start_full_check(request.membership),
        },
    )


EXPORT_FORMATS = spreadsheets.CONTENT_TYPES


def _export_group_week(group, monday, employees, export_format):
    """Every filtered employee's week (not only the page), 100 employees at a time."""
    from django.utils import formats

    days = [monday + dt.timedelta(days=n) for n in range(7)]
    headers = [
        _("Salarié"),
        *(formats.date_format(day, "l j F") for day in days),
        _("Heures planifiées"),
        _("Heures du contrat"),
        _("Heures à placer"),
        _("Infractions"),
    ]
    rows = []
    employee_list = list(employees)
    for index in range(0, len(employee_list), selectors.GROUP_EXPORT_CHUNK):
        chunk = employee_list[index : index + selectors.GROUP_EXPORT_CHUNK]
        for row in selectors.group_week(group, monday, chunk)["rows"]:
            cells = []
            for day in row["days"]:
                parts = [_("Absence : %(label)s") % {"label": label} for label in day["absences"]]
                parts += [
                    f"{block['time']} {block['member'].name} ({block['site'].name})"
                    for block in day["blocks"]
                ]
                cells.append(" ; ".join(parts))
            rows.append(
                [
                    row["employee"].full_name,
                    *cells,
                    fmt_duration(row["minutes"] * 60),
                    fmt_duration(row["contract_minutes"] * 60) if row["contract_minutes"] else "",
                    fmt_duration(row["unfilled_minutes"] * 60) if row["unfilled_minutes"] else "",
                    " ; ".join(f"{rule_label(v.rule_code)} : {v.message_fr}" for v in row["violations"]),
                ]
            )
    return spreadsheets.response(
        headers, rows, export_format=export_format, filename=f"planning-{monday:%Y-%m-%d}", title=_("Semaine")
    )


@permission(perms.can_start_full_check, visible=perms.can_view_planning, message=FULL_CHECK_REFUSED)
@require_POST
def full_check(request):
    """Start the full check (every employee, 12 weeks, 12-week average) as a background job."""
    monday = _week_start(request.POST.get("semaine"))
    job = start_job(
        kind=jobs.KIND,
        group=request.current_group,
        owner=request.user,
        label=_("Vérification complète du planning jusqu'à la semaine du %(day)s")
        % {"day": monday.strftime("%d/%m/%Y")},
        params={"monday": monday.isoformat()},
    )
    messages.success(request, _("La vérification complète est lancée."))
    return redirect("jobs:detail", public_id=job.public_id)


@permission(perms.can_view_planning)
def check_result(request, public_id):
    """The violations found by a full check (the job's result: up to 500, with the employees)."""
    from mutualis.jobs.models import Job

    job = get_object_or_404(scoped(Job, request.membership), public_id=public_id, kind=jobs.KIND)
    result = job.result if isinstance(job.result, dict) else {}
    return render(
        request,
        "planning/check_result.html",
        {"job": job, "summary": result.get("summary", ""), "violations": result.get("violations", [])},
    )


# --- one member's week ----------------------------------------------------------------------------


@permission(has_membership)
def member_week(request, public_id):
    member = get_object_or_404(scoped(Member, request.membership), public_id=public_id)
    ensure(visible=perms.can_view_member_planning(request.membership, member))
    monday = _week_start(request.GET.get("semaine"))
    staff = perms.can_view_planning(request.membership)
    week = selectors.member_week(member, monday, with_reason=staff)
    return render(
        request,
        "planning/member_week.html",
        {
            "member": member,
            "week": week,
            "staff": staff,
            "total": fmt_duration(week["total_minutes"] * 60),
            "previous_week": monday - dt.timedelta(days=7),
            "next_week": monday + dt.timedelta(days=7),
        },
    )


# --- an employee's month, and the employee's own pages -----------------------------------------------


def _month_context(employee, year, month):
    data = selectors.employee_month(employee, year, month)
    for week in data["weeks"]:
        week["hours"] = fmt_duration(week["minutes"] * 60)
    for row in data["members"]:
        row["hours"] = fmt_duration(row["minutes"] * 60)
    return {
        "employee": employee,
        "data": data,
        "total": fmt_duration(data["total_minutes"] * 60),
        "violations": _labelled(data["violations"]),
        **_month_nav(year, month),
    }


@permission(perms.can_view_planning)
def employee_month(request, public_id):
    employee = get_object_or_404(scoped(Employee, request.membership), public_id=public_id)
    year, month = _month(request.GET.get("mois"))
    return render(
        request, "planning/employee_month.html", {**_month_context(employee, year, month), "own": False}
    )


def _own_employee(request):
    return get_object_or_404(scoped(Employee, request.membership), pk=request.membership.employee_id)


@permission(perms.can_view_own_planning)
def my_week(request):
    """The employee's own week across members, phone-first (a list of days)."""
    employee = _own_employee(request)
    monday = _week_start(request.GET.get("semaine"))
    sunday = monday + dt.timedelta(days=6)
    expansion = selectors.expand(group=employee.group, start=monday, end=sunday, employee_ids=[employee.pk])
    days = selectors.employee_days(expansion, employee, [monday + dt.timedelta(days=n) for n in range(7)])
    for day in days:
        day["hours"] = fmt_duration(day["minutes"] * 60) if day["minutes"] else ""
    return render(
        request,
        "planning/my_week.html",
        {
            "employee": employee,
            "monday": monday,
            "days": days,
            "total": fmt_duration(sum(d["minutes"] for d in days) * 60),
            "previous_week": monday - dt.timedelta(days=7),
            "next_week": monday + dt.timedelta(days=7),
        },
    )


@permission(perms.can_view_own_planning)
def my_month(request):
    employee = _own_employee(request)
    year, month = _month(request.GET.get("mois"))
    context = _month_context(employee, year, month)
    context["violations"] = []  # the rules are the GE's business; the employee sees their hours
    return render(request, "planning/employee_month.html", {**context, "own": True})


# --- moving a block ---------------------------------------------------------------------------------


@permission(perms.can_view_planning)
def block_move(request, public_id):
    """Move one day of an assignment (drag and drop posts here with htmx; the page is the fallback)."""
    assignment = get_object_or_404(
        scoped(Assignment, request.membership).select_related("employee", "member", "site"),
        public_id=public_id,
    )
    ensure(perms.can_edit_planning(request.membership), message=PLANNING_READ_ONLY)
    htmx = request.headers.get("HX-Request") == "true"
    if request.method == "POST":
        form = MoveBlockForm(request.POST)
    else:
        form = MoveBlockForm(
            initial={k: request.GET.get(k) for k in ("date", "new_date", "start_time", "end_time")}
        )
    conflict = None
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        move = services.move_pattern_slot if cleaned["scope"] == "pattern" else services.move_block
        try:
            result = move(
                membership=request.membership,
                assignment=assignment,
                date=cleaned["date"],
                new_date=cleaned["new_date"],
                start_time=cleaned["start_time"],
                end_time=cleaned["end_time"],
                override_reason=cleaned["override_reason"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        except PlanningConflict as error:
            conflict = error
        else:
            messages.success(request, _("Le créneau est déplacé."))
            if result.overridden:
                messages.warning(
                    request, _("Enregistré malgré une infraction ; la dérogation est journalisée.")
                )
            url = _week_url(assignment.employee, cleaned["new_date"])
            if htmx:
                response = HttpResponse("")
                response["HX-Redirect"] = url
                return response
            return redirect(url)
    context = {
        "assignment": assignment,
        "form": form,
        "violations": _labelled(conflict.violations) if conflict else [],
        "can_override": perms.can_override_rules(request.membership),
    }
    if htmx:
        return render(request, "planning/_move_form.html", context)
    return render(request, "planning/block_move.html", context)


# --- conflicts between members and priority rules --------------------------------------------------------


@permission(perms.can_view_planning)
def employee_conflicts(request, public_id):
    """Colliding blocks of one employee this week, with the block a priority rule proposes to keep."""
    employee = get_object_or_404(scoped(Employee, request.membership), public_id=public_id)
    monday = _week_start(request.GET.get("semaine") or request.POST.get("semaine"))
    can_edit = perms.can_edit_planning(request.membership)
    error = None
    if request.method == "POST":
        ensure(perms.can_edit_planning(request.membership), message=PLANNING_READ_ONLY)
        form = ResolveConflictForm(request.POST)
        if form.is_valid():
            assignments = scoped(Assignment, request.membership).filter(employee=employee)
            keep = get_object_or_404(assignments, public_id=form.cleaned_data["keep"])
            drop = get_object_or_404(assignments, public_id=form.cleaned_data["drop"])
            try:
                services.resolve_conflict(
                    membership=request.membership,
                    employee=employee,
                    day=form.cleaned_data["day"],
                    keep=keep,
                    drop=drop,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                error = " ".join(exc.messages)
            except PlanningConflict as exc:
                error = exc.violations[0].message_fr if exc.violations else str(exc)
            else:
                messages.success(
                    request,
                    _("Conflit résolu : %(member)s garde le créneau ; la décision est journalisée.")
                    % {"member": keep.member.name},
                )
                url = reverse("planning:employee_conflicts", args=[employee.public_id])
                return redirect(f"{url}?semaine={monday:%Y-%m-%d}")
        else:
            error = _("La demande est incomplète ; rechargez la page.")
    conflicts = selectors.employee_conflicts(employee, monday)
    rows = []
    for index, conflict in enumerate(conflicts):
        choices = []
        for keep, drop in ((conflict.first, conflict.second), (conflict.second, conflict.first)):
            choices.append(
                {
                    "keep": keep,
                    "drop": drop,
                    "proposed": conflict.proposed is keep,
                    "form": ResolveConflictForm(
                        auto_id=f"id_c{index}_{len(choices)}_%s",
                        initial={
                            "day": conflict.day,
                            "keep": keep["assignment"].public_id,
                            "drop": drop["assignment"].public_id,
                        },
                    ),
                }
            )
        rows.append({"conflict": conflict, "choices": choices, "index": index})
    return render(
        request,
        "planning/employee_conflicts.html",
        {
            "employee": employee,
            "monday": monday,
            "rows": rows,
            "error": error,
            "can_edit": can_edit,
            "previous_week": monday - dt.timedelta(days=7),
            "next_week": monday + dt.timedelta(days=7),
        },
    )


@permission(perms.can_view_planning)
def priority_rules(request):
    """The priority rules between members (per agreement, or for every employee two members share)."""
    can_edit = perms.can_edit_planning(request.membership)
    form = PriorityRuleForm(request.POST if request.method == "POST" else None, membership=request.membership)
    if request.method == "POST":
        ensure(perms.can_edit_planning(request.membership), message=PLANNING_READ_ONLY)
        if form.is_valid():
            cleaned = form.cleaned_data
            try:
                services.save_priority_rule(
                    membership=request.membership,
                    prevailing_member=cleaned["prevailing_member"],
                    yielding_member=cleaned["yielding_member"],
                    employee=cleaned["employee"],
                    reason=cleaned["reason"],
                    note=cleaned["note"],
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("La règle de priorité est enregistrée."))
                return redirect("planning:priority_rules")
    rules = scoped(PriorityRule, request.membership).select_related(
        "employee", "prevailing_member", "yielding_member"
    )
    return render(
        request,
        "planning/priority_rules.html",
        {"rules": rules, "form": form, "can_edit": can_edit},
    )


@permission(perms.can_view_planning)
@require_POST
def priority_rule_delete(request, public_id):
    rule = get_object_or_404(
        scoped(PriorityRule, request.membership).select_related("prevailing_member", "yielding_member"),
        public_id=public_id,
    )
    ensure(perms.can_edit_planning(request.membership), message=PLANNING_READ_ONLY)
    services.delete_priority_rule(membership=request.membership, rule=rule)
    messages.success(request, _("La règle de priorité est supprimée."))
    return redirect("planning:priority_rules")
