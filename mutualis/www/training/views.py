"""Training pages: sessions of the GE and those shared with it, a session (share, enrol), an
enrolment (the trainee signs each half-day; staff deliver the certificate; documents before and
after), career reviews due and their written record (PDF), certified skills about to expire, the
training plan per year, and seats or services sold."""

import datetime
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mutualis.accounts.roles import Role
from mutualis.accounts.tenancy import scoped
from mutualis.core.access import ensure, permission
from mutualis.employees.models import Employee
from mutualis.members.models import Member
from mutualis.territories.selectors import group_territories
from mutualis.training import documents, perms, services
from mutualis.training.models import (
    CareerReview,
    DocumentKind,
    EmployeeCertification,
    Enrolment,
    HalfDay,
    RequestStatus,
    SeatSale,
    TrainingDocument,
    TrainingOffer,
    TrainingPlan,
    TrainingPlanLine,
    TrainingRequest,
    TrainingSession,
)
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
    staff = perms.is_staff(membership)
    sessions = (
        services.with_seats_taken(scoped(TrainingSession, membership))
        .select_related("action__offer__body")
        .order_by("starts_on", "id")
        if staff
        else TrainingSession.objects.none()
    )
    rows = [
        {
            "session": s,
            "hours": _hours(s.action.hours),
            "mine": s.group_id == membership.group_id,
            "seats_left": s.places - s.seats_taken_n,
        }
        for s in sessions
    ]
    enrolments = scoped(Enrolment, membership).select_related("session__action__offer", "employee")
    my_reviews = (
        scoped(CareerReview, membership).order_by("-held_on", "id")
        if perms.can_list_reviews(membership)
        else CareerReview.objects.none()
    )
    return render(
        request,
        "training/list.html",
        {
            "rows": rows,
            "enrolments": enrolments.order_by("session__starts_on", "id"),
            "is_staff": staff,
            "expiring": list(services.expiring_certifications(membership.group)) if staff else [],
            "alert_days": services.EXPIRY_ALERT_DAYS,
            "opco": membership.group.opco if staff else "",
            "my_reviews": my_reviews if not staff else [],
            "is_contact": perms.can_list_requests(membership) and not staff,
            "my_certifications": _my_certifications(membership) if not staff else [],
        },
    )


def _my_certifications(membership):
    """An employee's certified skills, those expiring within the alert window flagged."""
    soon = timezone.localdate() + datetime.timedelta(days=services.EXPIRY_ALERT_DAYS)
    return [
        {"certification": c, "soon": c.expires_on is not None and c.expires_on <= soon}
        for c in scoped(EmployeeCertification, membership)
        .select_related("skill")
        .order_by("skill__label", "id")
    ]


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
            "sales": SeatSale.objects.filter(session=session, group=membership.group_id)
            .select_related("buyer", "invoice")
            .order_by("-sold_on", "-id"),
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
            "documents": enrolment.documents.select_related("funding").order_by("kind", "id")
            if perms.is_staff(request.membership)
            else [],
            "document_form": DocumentForm(enrolment=enrolment)
            if perms.can_edit_own(request.membership, enrolment)
            else None,
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
    membership = request.membership
    rows = services.due_reviews(membership.group)
    held = scoped(CareerReview, membership).select_related("employee").order_by("-held_on", "id")[:100]
    return render(
        request,
        "training/reviews.html",
        {
            "rows": rows,
            "late": sum(1 for r in rows if r["late"]),
            "held": held,
            "expiring": list(services.expiring_certifications(membership.group)),
            "alert_days": services.EXPIRY_ALERT_DAYS,
        },
    )


@permission(perms.can_list_reviews)
def review_pdf(request, public_id):
    """The written record of a review as a PDF: staff of the GE, and the employee in their space."""
    review = get_object_or_404(
        scoped(CareerReview, request.membership).select_related("employee", "group"), public_id=public_id
    )
    ensure(perms.can_read_review_record(request.membership, review))
    response = HttpResponse(documents.review_record_pdf(review), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{documents.review_record_filename(review)}"'
    return response


# --- Documents before and after --------------------------------------------------------------


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Pièce"), choices=DocumentKind.choices)
    file = forms.FileField(label=gettext_lazy("Fichier (PDF, image, ODT, DOCX ; 10 Mo au plus)"))
    funding = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Pour le financement"), required=False)

    def __init__(self, *args, enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funding"].queryset = enrolment.fundings.order_by("id")


@require_POST
@permission(perms.can_manage)
def enrolment_document(request, public_id):
    enrolment = _enrolment(request, public_id)
    ensure(perms.can_edit_own(request.membership, enrolment))
    form = DocumentForm(request.POST, request.FILES, enrolment=enrolment)
    if form.is_valid():
        try:
            services.attach_document(enrolment=enrolment, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Pièce ajoutée."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label} : {error}" if label else error)
    return redirect("training:enrolment", public_id=enrolment.public_id)


@permission(perms.can_list_plans)
def document_download(request, public_id):
    document = get_object_or_404(scoped(TrainingDocument, request.membership), public_id=public_id)
    try:
        handle = document.file.open("rb")
    except (OSError, ValueError):  # no file, or lost from the storage
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=document.name or "piece")


# --- Training plan per year ---------------------------------------------------------------------


class PlanForm(forms.ModelForm):
    class Meta:
        model = TrainingPlan
        fields = ["year", "note"]


class PlanLineForm(forms.ModelForm):
    class Meta:
        model = TrainingPlanLine
        fields = [
            "source",
            "label",
            "employee",
            "member",
            "skill",
            "offer",
            "hours",
            "cost",
            "funder",
            "funding",
        ]

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        from mutualis.referential.selectors import skills_for

        self.fields["employee"].queryset = scoped(Employee, membership).order_by("last_name", "first_name")
        self.fields["member"].queryset = scoped(Member, membership).order_by("name")
        self.fields["offer"].queryset = TrainingOffer.objects.filter(group=membership.group_id).order_by(
            "title"
        )
        self.fields["skill"].queryset = skills_for(membership.group).order_by("label")


def _plan_rows(membership):
    return scoped(TrainingPlan, membership).order_by("-year", "id")


@permission(perms.can_list_plans)
def plans(request):
    membership = request.membership
    form = None
    if perms.can_manage(membership):
        form = PlanForm(initial={"year": timezone.localdate().year})
    status = 200
    if request.method == "POST":
        ensure(perms.can_manage(membership), visible=True)
        form = PlanForm(request.POST)
        if form.is_valid():
            try:
                plan = services.create_plan(group=membership.group, **form.cleaned_data)
            except ValidationError as exc:
                add_model_errors(form, exc)
            else:
                messages.success(request, _("Plan de formation %(y)s créé.") % {"y": plan.year})
                return redirect("training:plan", public_id=plan.public_id)
        status = 400
    return render(
        request, "training/plans.html", {"plans": _plan_rows(membership), "form": form}, status=status
    )


def _plan(request, public_id):
    return get_object_or_404(scoped(TrainingPlan, request.membership), public_id=public_id)


def _render_plan(request, plan, form=None, status=200):
    membership = request.membership
    if form is None and perms.can_manage(membership):
        form = PlanLineForm(membership=membership, initial={"funder": services.default_funder(plan.group)})
    lines = plan.lines.select_related("employee", "member", "skill", "offer").order_by(
        "source", "label", "id"
    )
    return render(
        request,
        "training/plan.html",
        {
            "plan": plan,
            "lines": lines,
            "budget": services.plan_budget(plan),
            "form": form,
            "can_manage": perms.can_manage(membership),
        },
        status=status,
    )


@permission(perms.can_list_plans)
def plan_detail(request, public_id):
    return _render_plan(request, _plan(request, public_id))


@require_POST
@permission(perms.can_manage)
def plan_draw(request, public_id):
    plan = _plan(request, public_id)
    created = services.draw_needs(plan=plan)
    messages.success(request, _("%(n)d besoin(s) ajouté(s) au plan.") % {"n": len(created)})
    return redirect("training:plan", public_id=plan.public_id)


@require_POST
@permission(perms.can_manage)
def plan_line_add(request, public_id):
    plan = _plan(request, public_id)
    form = PlanLineForm(request.POST, membership=request.membership)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.add_plan_line(plan=plan, **data)
        except ValidationError as exc:
            add_model_errors(form, exc)
        else:
            messages.success(request, _("Besoin ajouté au plan."))
            return redirect("training:plan", public_id=plan.public_id)
    return _render_plan(request, plan, form=form, status=400)


@require_POST
@permission(perms.can_manage)
def plan_line_delete(request, public_id):
    line = get_object_or_404(scoped(TrainingPlanLine, request.membership), public_id=public_id)
    plan = line.plan
    services.delete_plan_line(line=line)
    messages.success(request, _("Besoin retiré du plan."))
    return redirect("training:plan", public_id=plan.public_id)


# --- Seats and services sold ---------------------------------------------------------------------


class SaleForm(forms.Form):
    session = forms.ModelChoiceField(
        queryset=TrainingSession.objects.none(),
        label=gettext_lazy("Session (vide : autre prestation)"),
        required=False,
    )
    buyer = forms.ModelChoiceField(
        queryset=Member.objects.none(), label=gettext_lazy("Client (adhérent ou GE)")
    )
    label = forms.CharField(label=gettext_lazy("Prestation"), max_length=250, required=False)
    seats = forms.IntegerField(label=gettext_lazy("Nombre de places ou quantité"), min_value=1, initial=1)
    unit_price = forms.DecimalField(
        label=gettext_lazy("Prix unitaire HT (€)"), max_digits=12, decimal_places=2
    )
    vat_rate = forms.DecimalField(
        label=gettext_lazy("Taux de TVA (%)"), max_digits=5, decimal_places=2, initial=Decimal("20.00")
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = (
            TrainingSession.objects.filter(group=membership.group_id)
            .select_related("action__offer")
            .order_by("starts_on", "id")
        )
        self.fields["buyer"].queryset = scoped(Member, membership).order_by("name")


@permission(perms.can_list_plans)
def sales(request):
    membership = request.membership
    form = SaleForm(membership=membership) if perms.can_manage(membership) else None
    status = 200
    if request.method == "POST":
        ensure(perms.can_manage(membership), visible=True)
        form = SaleForm(request.POST, membership=membership)
        if form.is_valid():
            try:
                sale = services.sell_seats(group=membership.group, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_model_errors(form, exc)
            else:
                messages.success(
                    request, _("Vente enregistrée : facture %(n)s émise.") % {"n": sale.invoice.number}
                )
                return redirect("training:sales")
        status = 400
    rows = (
        scoped(SeatSale, membership)
        .select_related("buyer", "invoice", "session__action__offer")
        .order_by("-sold_on", "-id")
    )
    return render(request, "training/sales.html", {"sales": rows, "form": form}, status=status)


# --- Training requests from members --------------------------------------------------------------


class RequestForm(forms.Form):
    member = forms.ModelChoiceField(queryset=Member.objects.none(), label=gettext_lazy("Adhérent"))
    employee = forms.ModelChoiceField(
        queryset=Employee.objects.none(), label=gettext_lazy("Salarié concerné"), required=False
    )
    subject = forms.CharField(label=gettext_lazy("Formation souhaitée"), max_length=250)
    wished_by = forms.DateField(
        label=gettext_lazy("Souhaitée avant le"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(
        label=gettext_lazy("Précisions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = scoped(Employee, membership).order_by("last_name", "first_name")
        if membership.role == Role.MEMBER_CONTACT:
            del self.fields["member"]
        else:
            self.fields["member"].queryset = scoped(Member, membership).order_by("name")


class DecisionForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Décision"), choices=RequestStatus.choices)
    answer = forms.CharField(label=gettext_lazy("Réponse à l'adhérent"), max_length=500, required=False)


@permission(perms.can_list_requests)
def requests(request):
    membership = request.membership
    form = RequestForm(membership=membership) if perms.can_ask_training(membership) else None
    status = 200
    if request.method == "POST":
        ensure(perms.can_ask_training(membership), visible=True)
        form = RequestForm(request.POST, membership=membership)
        if form.is_valid():
            try:
                services.ask_training(membership=membership, **form.cleaned_data)
            except ValidationError as exc:
                add_model_errors(form, exc)
            else:
                messages.success(request, _("Demande de formation envoyée au GE."))
                return redirect("training:requests")
        status = 400
    rows = (
        scoped(TrainingRequest, membership)
        .select_related("member", "employee")
        .order_by("-created_at", "-id")
    )
    return render(
        request,
        "training/requests.html",
        {
            "rows": rows,
            "form": form,
            "decision_form": DecisionForm() if perms.can_manage(membership) else None,
        },
        status=status,
    )


@require_POST
@permission(perms.can_manage)
def request_decide(request, public_id):
    obj = get_object_or_404(scoped(TrainingRequest, request.membership), public_id=public_id)
    ensure(perms.can_decide_request(request.membership, obj))
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_request(request=obj, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Décision enregistrée."))
    else:
        messages.error(request, _("Décision : choisissez un état."))
    return redirect("training:requests")
