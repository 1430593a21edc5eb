from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mutualis.accounts.roles import Role
from mutualis.accounts.tenancy import scoped
from mutualis.core.access import permission, signed_in
from mutualis.employees.models import Contract, ContractKind, Employee
from mutualis.jobs.models import Job, JobStatus
from mutualis.members import selectors as member_selectors
from mutualis.needs.models import Need, NeedStatus
from mutualis.timesheets.enums import TimesheetStatus
from mutualis.timesheets.models import Timesheet

from .outside import outside_tasks


@permission(signed_in)
def home(request):
    membership = request.membership
    context = {"membership": membership}
    figures = _Figures(membership)
    if membership is not None and membership.is_staff_role:
        employees = scoped(Employee, membership).active()
        contracts = scoped(Contract, membership).active()
        public, total = figures.member_share()
        context.update(
            members_count=figures.members_count(),
            employees_count=employees.count(),
            cdi_count=contracts.filter(kind=ContractKind.CDI).values("employee").distinct().count(),
            public_bodies=public,
            public_bodies_exceed_half=total > 0 and public * 2 > total,
            todo=_todo(membership, figures=figures),
        )
    if membership is not None and membership.group_id is not None:
        context["tasks"] = role_tasks(membership, figures=figures)
        if membership.role == Role.DIRECTOR:
            context["indicators"] = _indicators(membership, figures=figures)
    if not context.get("tasks"):
        context["tasks"] = outside_tasks(membership)
    return render(request, "www/home.html", context)


class _Figures:
    """Figures that several parts of the home page show (the staff's to-do, the role's tasks, the
    director's indicators), each computed at most once a request and only when asked for."""

    def __init__(self, membership):
        self.membership = membership
        self._cache = {}

    def _once(self, key, compute):
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def unpaid(self):
        """{count, late, remaining} of the GE's unpaid invoices."""
        from mutualis.billing.selectors import unpaid_summary

        return self._once("unpaid", lambda: unpaid_summary(self.membership.group, timezone.localdate()))

    def open_needs(self):
        return self._once(
            "open_needs", lambda: scoped(Need, self.membership).filter(status=NeedStatus.OPEN).count()
        )

    def member_share(self):
        """(public bodies, active members) of the GE (staff only: the whole GE's members)."""
        return self._once("members", lambda: member_selectors.public_body_share(self.membership.group))

    def members_count(self):
        return self.member_share()[1]

    def last_month_sheets(self):
        """{total, not_closed, waiting (neither validated nor closed)} of last month's timesheets."""
        from django.db.models import Count, Q

        _this_month, last_month = _months(timezone.localdate())
        closed, validated = TimesheetStatus.CLOSED, TimesheetStatus.VALIDATED
        return self._once(
            "sheets",
            lambda: (
                scoped(Timesheet, self.membership)
                .for_month(last_month)
                .aggregate(
                    total=Count("pk"),
                    not_closed=Count("pk", filter=~Q(status=closed)),
                    waiting=Count("pk", filter=~Q(status__in=[validated, closed])),
                )
            ),
        )


def _task(text, url, count=None):
    return {"text": text, "url": url, "count": count}


def _months(today):
    this_month = today.replace(day=1)
    last_month = (this_month - timezone.timedelta(days=1)).replace(day=1)
    return this_month, last_month


def role_tasks(membership, *, figures=None):
    """The to-do list of a role's home page (issue 11): what waits for this person, each with the page
    where it is done. Only lines with something to do are listed, plus a standing link per role."""
    from mutualis.billing.models import BillingRun, DocumentStatus, Invoice, RunStatus
    from mutualis.billing.selectors import unpaid_summary
    from mutualis.timesheets.models import TimeEntry

    today = timezone.localdate()
    this_month, last_month = _months(today)
    month_kwargs = {"year": last_month.year, "month": last_month.month}
    tasks = []
    role, group = membership.role, membership.group
    figures = figures or _Figures(membership)
    if role in (Role.DIRECTOR, Role.PLANNER):
        unusual = (
            scoped(TimeEntry, membership)
            .filter(needs_review=True)
            .exclude(timesheet__status=TimesheetStatus.CLOSED)
        )
        n = unusual.count()
        if n:
            first = unusual.order_by("date").values_list("timesheet__month", flat=True).first()
            tasks.append(
                _task(
                    ngettext(
                        "%(n)d journée aux heures inhabituelles à revoir",
                        "%(n)d journées aux heures inhabituelles à revoir",
                        n,
                    )
                    % {"n": n},
                    reverse("timesheets:overview", kwargs={"year": first.year, "month": first.month}),
                    n,
                )
            )
        n = figures.last_month_sheets()["not_closed"]
        if n:
            tasks.append(
                _task(
                    ngettext(
                        "%(n)d relevé de %(month)s à faire valider puis clôturer",
                        "%(n)d relevés de %(month)s à faire valider puis clôturer",
                        n,
                    )
                    % {"n": n, "month": date_format(last_month, "F Y")},
                    reverse("timesheets:overview", kwargs=month_kwargs),
                    n,
                )
            )
        n = figures.open_needs()
        if n:
            tasks.append(
                _task(
                    ngettext(
                        "%(n)d besoin non placé à consolider", "%(n)d besoins non placés à consolider", n
                    )
                    % {"n": n},
                    reverse("needs:runs"),
                    n,
                )
            )
        tasks.append(
            _task(
                _("Vérifier les règles du temps de travail des semaines à venir"),
                # The week page holds the « Vérifier » button (the check itself is a POST).
                reverse("planning:group_week"),
            )
        )
    if role in (Role.DIRECTOR, Role.ACCOUNTANT):
        sheets = figures.last_month_sheets()
        closed = not sheets["not_closed"]
        billed = BillingRun.objects.filter(
            group=group, month=last_month, status__in=[RunStatus.DRAFTED, RunStatus.ISSUED, RunStatus.PENDING]
        ).exists()
        if closed and not billed and sheets["total"]:
            tasks.append(
                _task(
                    _("Facturer %(month)s : le mois est clôturé") % {"month": date_format(last_month, "F Y")},
                    reverse("billing:runs"),
                )
            )
        for run in BillingRun.objects.filter(
            group=group, status__in=[RunStatus.DRAFTED, RunStatus.BLOCKED]
        ).order_by("month")[:3]:
            drafts = Invoice.objects.filter(run=run, status=DocumentStatus.DRAFT).count()
            if run.status == RunStatus.BLOCKED:
                text = _("Débloquer la facturation de %(month)s") % {"month": date_format(run.month, "F Y")}
            elif drafts:
                text = ngettext(
                    "%(n)d facture de %(month)s à émettre", "%(n)d factures de %(month)s à émettre", drafts
                ) % {"n": drafts, "month": date_format(run.month, "F Y")}
            else:
                continue
            tasks.append(_task(text, reverse("billing:run_detail", kwargs={"public_id": run.public_id})))
        late = figures.unpaid()["late"]
        if late:
            tasks.append(
                _task(
                    ngettext(
                        "%(n)d facture en retard de paiement",
                        "%(n)d factures en retard de paiement",
                        late,
                    )
                    % {"n": late},
                    reverse("billing:unpaid"),
                    late,
                )
            )
    if role == Role.DIRECTOR:
        tasks.append(
            _task(
                _("Inviter l'équipe et régler les paramètres du groupement"), reverse("administration:team")
            )
        )
    if role == Role.MEMBER_CONTACT and membership.member_id:
        member = membership.member
        sheets = scoped(Timesheet, membership).filter(
            status__in=[TimesheetStatus.SUBMITTED, TimesheetStatus.DRAFT], month__lte=this_month
        )
        n = sheets.count()
        if n:
            tasks.append(
                _task(
                    ngettext("%(n)d relevé d'heures à valider", "%(n)d relevés d'heures à valider", n)
                    % {"n": n},
                    reverse(
                        "timesheets:member_month",
                        kwargs={
                            "public_id": member.public_id,
                            "year": this_month.year,
                            "month": this_month.month,
                        },
                    ),
                    n,
                )
            )
        due = unpaid_summary(group, today, member_ids=[member.pk])["count"]
        if due:
            tasks.append(
                _task(
                    ngettext("%(n)d facture à régler", "%(n)d factures à régler", due) % {"n": due},
                    reverse("billing:invoices"),
                    due,
                )
            )
        n = figures.open_needs()
        if n:
            tasks.append(
                _task(
                    ngettext("%(n)d besoin à confirmer", "%(n)d besoins à confirmer", n) % {"n": n},
                    reverse("needs:list"),
                    n,
                )
            )
        tasks.append(
            _task(
                _("Voir les postes et le planning chez vous"),
                reverse("planning:member_week", kwargs={"public_id": member.public_id}),
            )
        )
    if role == Role.EMPLOYEE and membership.employee_id:
        employee = membership.employee
        tasks.append(_task(_("Voir mon planning de la semaine"), reverse("planning:my_week")))
        n = (
            scoped(Timesheet, membership)
            .filter(status__in=[TimesheetStatus.DRAFT, TimesheetStatus.DISPUTED], month__lte=this_month)
            .count()
        )
        if n:
            tasks.append(
                _task(
                    ngettext(
                        "%(n)d relevé d'heures à vérifier et envoyer",
                        "%(n)d relevés d'heures à vérifier et envoyer",
                        n,
                    )
                    % {"n": n},
                    reverse(
                        "timesheets:employee_month",
                        kwargs={
                            "public_id": employee.public_id,
                            "year": this_month.year,
                            "month": this_month.month,
                        },
                    ),
                    n,
                )
            )
        tasks.append(
            _task(
                _("Mes documents : fiche et contrats"),
                reverse("employees:detail", kwargs={"public_id": employee.public_id}),
            )
        )
    return tasks


def _indicators(membership, *, figures):
    """The director's indicators: FTE, CDI share, members per employee, aid per member, exposure."""
    from decimal import Decimal

    from mutualis.billing.models import InvoiceLine

    group = membership.group
    contracts = list(scoped(Contract, membership).active().values("employee_id", "kind", "weekly_hours"))
    employees = {c["employee_id"] for c in contracts}
    fte = sum((Decimal(c["weekly_hours"] or 0) for c in contracts), Decimal("0")) / Decimal("35")
    cdi = {c["employee_id"] for c in contracts if c["kind"] == ContractKind.CDI}
    members = figures.members_count()
    year = timezone.localdate().year
    aid = -sum(
        InvoiceLine.objects.filter(
            document__group=group, document__period__year=year, kind__in=["aid", "subsidy"]
        )
        .exclude(document__status="cancelled")
        .values_list("amount", flat=True)
        .order_by(),
        Decimal("0"),
    )
    exposure = figures.unpaid()["remaining"]
    return {
        "fte": fte.quantize(Decimal("0.1")),
        "cdi_share": round(100 * len(cdi) / len(employees)) if employees else 0,
        "members_per_employee": (Decimal(members) / len(employees)).quantize(Decimal("0.1"))
        if employees
        else 0,
        "aid_per_member": (aid / members).quantize(Decimal("0.01")) if members else 0,
        "exposure": exposure,
    }


def _todo(membership, *, figures):
    """What is waiting for the GE's staff today, each with the page where it is done."""
    today = timezone.localdate()
    last_month = (today.replace(day=1) - timezone.timedelta(days=1)).replace(day=1)
    from mutualis.recruitment.services import unanswered_applications
    from mutualis.training import services as training

    return {
        "open_needs": figures.open_needs(),
        "unanswered_applications": unanswered_applications(membership.group).count(),
        "last_month": last_month,
        "timesheets_waiting": figures.last_month_sheets()["waiting"],
        "unpaid_count": figures.unpaid()["count"],
        "unpaid_late": figures.unpaid()["late"],
        "certifications_expiring": training.expiring_certifications(membership.group).count(),
        "reviews_late": training.late_reviews_count(membership.group),
        "expiry_days": training.EXPIRY_ALERT_DAYS,
        "jobs_running": scoped(Job, membership)
        .filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
        .count(),
    }
