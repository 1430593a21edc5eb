"""Training pages: sessions of the GE and those shared with it, a session (share, enrol), an
enrolment (the trainee signs each half-day; staff deliver the certificate), career reviews due."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mutualis.accounts.tenancy import scoped
from mutualis.core.access import ensure, permission
from mutualis.employees.models import Employee
from mutualis.members.models import Member
from mutualis.territories.selectors import group_territories
from mutualis.training import perms, services
from mutualis.training.models import Enrolment, HalfDay, TrainingSession
from mutualis.www.members.forms import add_model_errors


class EnrolForm(forms.Form):
    employee = forms.ModelChoiceField(queryset=Employee.objects.none(), label=gettext_lazy("Salarié"))
    asked_by = forms.ModelChoiceField(
        queryset=Member.objects.none(), label=gettext_lazy("Demandée par l'adhérent"), required=False
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = scoped(Employee, membership).order_by("last_name", "first_name")
        self.fields["asked_by"].queryset = scoped(Member, membership).order_by("name")


def _hours(value):
    minutes = int(value * 60)
    h, m = divmod(minutes, 60)
    return f"{h} h {m:02d}" if m else f"{h} h"


@permission(perms.can_list_enrolments)
def home(request):
    membership = request.membership
    sessions = (
        services.with_seats_taken(scoped(TrainingSession, membership))
        .select_related("action__offer__body")
        .order_by("starts_on", "id")
        if perms.is_staff(membership)
        else TrainingSession.objects.none()
    )
    rows = [
        {
            "session": s,
            "hours": _hours(s.action.hours),
            "mine": s.group_id == membership.group_id,
            "seats_left": s.places - s.taken_seats,
        }
        for s in sessions
    ]
    enrolments = scoped(Enrolment, membership).select_related("session__action__offer", "employee")
    return render(
        request,
        "training/list.html",
        {
            "rows": rows,
            "enrolments": enrolments.order_by("session__starts_on", "id"),
            "is_staff": perms.is_staff(membership),
        },
    )


def _session(request, public_id):
    return get_object_or_404(
        scoped(TrainingSession, request.membership).select_related("action__offer__body"), public_id=public_id
    )


def _render_session(request, session, form=None, status=200):
    membership = request.membership
    mine = session.group_id == membership.group_id
    if form is None and perms.can_manage(membership):
        form = EnrolForm(membership=membership)
    return render(
        request,
        "training/session.html",
        {
            "session": session,
            "hours": _hours(session.action.hours),
            "mine": mine,
            "seats_left": session.places - services.seats_taken(session),
            "trainees": scoped(Enrolment, membership).filter(session=session).select_related("employee"),
            "form": form,
            "can_share": mine and perms.can_manage(membership),
            "territories": group_territories(session.group, "exchange") if mine else [],
            "shared": set(session.shared_with.values_list("pk", flat=True)),
        },
        status=status,
    )


@permission(perms.can_list_catalogue)
def session_detail(request, public_id):
    return _render_session(request, _session(request, public_id))


@require_POST
@permission(perms.can_manage)
def session_share(request, public_id):
    session = _session(request, public_id)
    ensure(perms.can_edit_own(request.membership, session))
    chosen = [
        t
        for t in group_territories(session.group, "exchange")
        if str(t.public_id) in request.POST.getlist("territories")
    ]
    services.share_session(session=session, territories=chosen)
    messages.success(request, _("Places ouvertes aux GE de %(n)d territoire(s).") % {"n": len(chosen)})
    return redirect("training:session", public_id=session.public_id)


@require_POST
@permission(perms.can_manage)
def session_enrol(request, public_id):
    session = _session(request, public_id)
    form = EnrolForm(request.POST, membership=request.membership)
    if form.is_valid():
        try:
            enrolment = services.enrol(membership=request.membership, session=session, **form.cleaned_data)
        except ValidationError as exc:
            add_model_errors(form, exc)
        else:
            messages.success(request, _("%(e)s est inscrit(e).") % {"e": enrolment.employee})
            return redirect("training:enrolment", public_id=enrolment.public_id)
    return _render_session(request, session, form=form, status=400)


def _enrolment(request, public_id):
    return get_object_or_404(
        scoped(Enrolment, request.membership).select_related(
            "session__action__offer", "employee", "asked_by"
        ),
        public_id=public_id,
    )


@permission(perms.can_list_enrolments)
def enrolment_detail(request, public_id):
    enrolment = _enrolment(request, public_id)
    signed = {(a.day, a.half): a for a in enrolment.attendances.all()}
    slots = [
        {"day": day, "half": half, "label": HalfDay(half).label, "signed": signed.get((day, half))}
        for day, half in services._half_days(enrolment.session)
    ]
    return render(
        request,
        "training/enrolment.html",
        {
            "enrolment": enrolment,
            "slots": slots,
            "fundings": enrolment.fundings.all(),
            "net_cost": services.net_cost(enrolment),
            "can_sign": perms.can_sign_attendance(request.membership, enrolment),
            "can_certify": perms.can_edit_own(request.membership, enrolment)
            and enrolment.status == "enrolled",
        },
    )


@require_POST
@permission(perms.can_list_enrolments)
def enrolment_sign(request, public_id):
    enrolment = _enrolment(request, public_id)
    ensure(perms.can_sign_attendance(request.membership, enrolment))
    try:
        day = datetime.date.fromisoformat(request.POST.get("day", ""))
        services.sign_attendance(
            enrolment=enrolment, day=day, half=request.POST.get("half", ""), user=request.user
        )
    except ValueError:
        messages.error(request, _("Jour illisible."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Demi-journée émargée."))
    return redirect("training:enrolment", public_id=enrolment.public_id)


@require_POST
@permission(perms.can_manage)
def enrolment_certify(request, public_id):
    enrolment = _enrolment(request, public_id)
    ensure(perms.can_edit_own(request.membership, enrolment))
    try:
        services.certify(enrolment=enrolment, on=timezone.localdate())
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Attestation de fin de formation délivrée."))
    return redirect("training:enrolment", public_id=enrolment.public_id)


@permission(perms.can_list_catalogue)
def reviews(request):
    rows = services.due_reviews(request.membership.group)
    return render(request, "training/reviews.html", {"rows": rows, "late": sum(1 for r in rows if r["late"])})
