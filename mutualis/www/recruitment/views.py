"""Recruitment pages. GE staff: positions to recruit and offers, an offer's board by state, matching,
the candidate pool, an application (status, interview, hire). Member contact: the shortlist of the
positions at their member, without contact details. Partner: send a person to an open offer and
follow the applications sent. Public (no login): published offers, the application form, the JSON
export."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mutualis.accounts.tenancy import scoped
from mutualis.appointments import services as appointments
from mutualis.appointments.models import Appointment
from mutualis.core.access import ensure, permission, public
from mutualis.needs.models import Position, PositionStatus
from mutualis.needs.timeline import describe, format_duration
from mutualis.recruitment import perms, selectors, services
from mutualis.recruitment.exports import offers_document
from mutualis.recruitment.models import (
    LIVE_OFFER_STATUSES,
    Application,
    ApplicationStatus,
    Candidate,
    CandidateSource,
    JobOffer,
    OfferStatus,
    Requirement,
)
from mutualis.www.members.forms import add_model_errors
from mutualis.www.needs.forms import TimeRangeFormSet, initial_ranges

from .forms import (
    LEVELS,
    WEIGHTS,
    AddApplicationForm,
    CandidateForm,
    HireForm,
    OfferForm,
    PublicApplicationForm,
    SendCandidateForm,
    TransitionForm,
)

PER_PAGE = 50


def _offer(request, public_id):
    return get_object_or_404(
        scoped(JobOffer, request.membership).select_related("position"), public_id=public_id
    )


def _application(request, public_id):
    return get_object_or_404(
        scoped(Application, request.membership).select_related("candidate", "offer__position"),
        public_id=public_id,
    )


def _week(schedule):
    return [describe(int(s["start"]), int(s["end"])) for s in sorted(schedule, key=lambda s: s["start"])]


# --- Offers (staff) -------------------------------------------------------------------------------


@permission(perms.can_view_recruitment)
def offer_list(request):
    membership = request.membership
    status = request.GET.get("statut", "")
    offers = selectors.offer_list(membership).order_by("-created_at", "-id")
    if status in OfferStatus.values:
        offers = offers.filter(status=status)
    open_positions = (
        scoped(Position, membership)
        .filter(status=PositionStatus.OPEN)
        .exclude(offers__status__in=LIVE_OFFER_STATUSES)
        .select_related("employee")
        .prefetch_related("members")
        .order_by("-accepted_at", "-id")
    )
    to_recruit = open_positions.filter(employee__isnull=True)
    to_staff = open_positions.filter(employee__isnull=False)
    unanswered = services.unanswered_applications(request.current_group).count()
    return render(
        request,
        "recruitment/offer_list.html",
        {
            "offers": Paginator(offers, PER_PAGE).get_page(request.GET.get("page")),
            "positions": to_recruit[:PER_PAGE],
            "to_staff": to_staff[:PER_PAGE],
            "next_monday": _next_monday(),
            "status": status,
            "statuses": OfferStatus.choices,
            "can_recruit": perms.can_recruit(membership),
            "unanswered": unanswered,
        },
    )


def _next_monday():
    today = timezone.localdate()
    return today + dt.timedelta(days=7 - today.weekday())


@require_POST
@permission(perms.can_recruit, visible=perms.can_view_recruitment)
def position_staff(request, public_id):
    """A position accepted for an existing employee: create its assignments from a start date."""
    position = get_object_or_404(scoped(Position, request.membership), public_id=public_id)
    try:
        start = dt.date.fromisoformat(request.POST.get("start_date", ""))
    except ValueError:
        messages.error(request, _("Indiquez la date de début des mises à disposition."))
        return redirect("recruitment:offers")
    try:
        services.staff_position(membership=request.membership, position=position, start_date=start)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Mises à disposition créées pour %(name)s à partir du %(date)s.")
            % {"name": position.employee, "date": start.strftime("%d/%m/%Y")},
        )
    return redirect("recruitment:offers")


@require_POST
@permission(perms.can_recruit, visible=perms.can_view_recruitment)
def offer_from_position(request, public_id):
    position = get_object_or_404(scoped(Position, request.membership), public_id=public_id)
    try:
        offer = services.create_offer_from_position(actor=request.user, position=position)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("recruitment:offers")
    messages.success(request, _("Offre créée en brouillon à partir du poste : vérifiez-la puis publiez-la."))
    return redirect("recruitment:offer_edit", public_id=offer.public_id)


@permission(perms.can_view_recruitment)
def offer_detail(request, public_id):
    offer = _offer(request, public_id)
    membership = request.membership
    columns, closed = selectors.board(membership, offer)
    candidates = (
        scoped(Candidate, membership).exclude(applications__offer=offer).order_by("last_name", "first_name")
    )
    return render(
        request,
        "recruitment/offer_detail.html",
        {
            "offer": offer,
            "columns": columns,
            "closed": closed,
            "skills": selectors.offer_skills(offer),
            "week": _week(offer.schedule),
            "places": selectors.places(offer),
            "can_edit": perms.can_edit_offer(membership, offer),
            "add_form": AddApplicationForm(candidates=candidates),
            "targets": [
                (s, OfferStatus(s).label)
                for s in (OfferStatus.PUBLISHED, OfferStatus.PAUSED, OfferStatus.CLOSED)
                if s in services.OFFER_TRANSITIONS.get(offer.status, ())
            ],
        },
    )


def _skill_specs(request, form, offer):
    """Required and desired skills from the pickers, with the weights and levels set on the page."""
    current = {s.skill_id: s for s in offer.skills.all()}
    specs = []
    for name, requirement in (
        ("required_skills", Requirement.REQUIRED),
        ("desired_skills", Requirement.DESIRED),
    ):
        for skill in form.cleaned_data.get(name) or ():
            before = current.get(skill.pk)
            default_weight = before.weight if before else (2 if requirement == Requirement.REQUIRED else 1)
            specs.append(
                services.SkillSpec(
                    skill=skill,
                    requirement=requirement,
                    weight=_int(request.POST.get(f"weight_{skill.pk}"), default_weight),
                    level=_int(request.POST.get(f"level_{skill.pk}"), before.level if before else 2),
                )
            )
    return specs


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@permission(perms.can_recruit, visible=perms.can_view_recruitment)
def offer_edit(request, public_id):
    offer = _offer(request, public_id)
    ensure(perms.can_edit_offer(request.membership, offer))
    form = OfferForm(request.POST or None, instance=offer, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in OfferForm.Meta.fields}
        try:
            services.update_offer(
                actor=request.user, offer=offer, skills=_skill_specs(request, form, offer), **fields
            )
        except ValidationError as exc:
            add_model_errors(form, exc)
        else:
            messages.success(request, _("Offre enregistrée."))
            return redirect("recruitment:offer", public_id=offer.public_id)
    return render(
        request,
        "recruitment/offer_form.html",
        {
            "form": form,
            "offer": offer,
            "skills": selectors.offer_skills(offer),
            "weights": WEIGHTS,
            "levels": LEVELS,
            "week": _week(offer.schedule),
        },
    )


@require_POST
@permission(perms.can_recruit, visible=perms.can_view_recruitment)
def offer_status(request, public_id):
    offer = _offer(request, public_id)
    ensure(perms.can_edit_offer(request.membership, offer))
    try:
        services.set_offer_status(actor=request.user, offer=offer, status=request.POST.get("status", ""))
    except (ValidationError, ValueError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Statut de l'offre modifié."))
    return redirect("recruitment:offer", public_id=offer.public_id)


@permission(perms.can_view_recruitment)
def offer_matches(request, public_id):
    offer = _offer(request, public_id)
    rows, excluded = selectors.matches(offer, limit=PER_PAGE)
    return render(
        request,
        "recruitment/matches.html",
        {
            "offer": offer,
            "rows": rows,
            "excluded": excluded,
            "can_edit": perms.can_edit_offer(request.membership, offer),
        },
    )


@require_POST
@permission(perms.can_recruit, visible=perms.can_view_recruitment)
def offer_add_application(request, public_id):
    offer = _offer(request, public_id)
    ensure(perms.can_edit_offer(request.membership, offer))
    form = AddApplicationForm(request.POST, candidates=scoped(Candidate, request.membership))
    if not form.is_valid():
        messages.error(request, _("Choisissez un candidat du vivier."))
        return redirect("recruitment:offer", public_id=offer.public_id)
    try:
        application = services.create_application(
            actor=request.user, offer=offer, candidate=form.cleaned_data["candidate"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("recruitment:offer", public_id=offer.public_id)
    messages.success(request, _("Candidature ajoutée."))
    return redirect("recruitment:application", public_id=application.public_id)


# --- Candidates (staff) ---------------------------------------------------------------------------


@permission(perms.can_view_recruitment)
def candidate_list(request):
    membership = request.membership
    query = request.GET.get("q", "").strip()
    rows = (
        scoped(Candidate, membership)
        .prefetch_related("skill_levels__skill")
        .order_by("last_name", "first_name", "id")
    )
    if query:
        rows = rows.filter(
            Q(last_name__icontains=query)
            | Q(first_name__icontains=query)
            | Q(city__icontains=query)
            | Q(skill_levels__skill__label__icontains=query)
        ).distinct()
    if request.GET.get("vivier") == "1":
        rows = rows.filter(pool_consent_until__gte=timezone.localdate())
    return render(
        request,
        "recruitment/candidate_list.html",
        {
            "page": Paginator(rows, PER_PAGE).get_page(request.GET.get("page")),
            "query": query,
            "pool_only": request.GET.get("vivier") == "1",
            "can_recruit": perms.can_recruit(membership),
        },
    )


def _levels(request):
    levels = {}
    for key, value in request.POST.items():
        if key.startswith("skill_level_"):
            levels[_int(key.removeprefix("skill_level_"), 0)] = _int(value, 2)
    return levels


def _candidate_form(request, candidate):
    membership = request.membership
    form = CandidateForm(request.POST or None, instance=candidate, membership=membership)
    availability = TimeRangeFormSet(
        request.POST or None,
        prefix="dispo",
        initial=initial_ranges([(w["start"], w["end"]) for w in candidate.availability])
        if candidate
        else None,
    )
    if request.method == "POST" and form.is_valid() and availability.is_valid():
        fields = form.service_fields()
        fields["availability"] = [{"start": s, "end": e} for s, e in sorted(availability.ranges())]
        if candidate is None:
            fields.setdefault("source", CandidateSource.STAFF)
        try:
            saved = services.save_candidate(
                actor=request.user,
                group=request.current_group,
                candidate=candidate,
                skills=form.skills(_levels(request)),
                **fields,
            )
        except ValidationError as exc:
            add_model_errors(form, exc)
        else:
            messages.success(request, _("Candidat enregistré."))
            return redirect("recruitment:candidate", public_id=saved.public_id)
    return render(
        request,
        "recruitment/candidate_form.html",
        {
            "form": form,
            "availability": availability,
            "candidate": candidate,
            "levels": LEVELS,
            "skill_levels": list(candidate.skill_levels.select_related("skill")) if candidate else [],
        },
    )


@permission(perms.can_recruit, visible=perms.can_view_recruitment)
def candidate_create(request):
    return _candidate_form(request, None)


@permission(perms.can_view_recruitment)
def candidate_detail(request, public_id):
    candidate = get_object_or_404(scoped(Candidate, request.membership), public_id=public_id)
    return render(
        request,
        "recruitment/candidate_detail.html",
        {
            "candidate": candidate,
            "skill_levels": candidate.skill_levels.select_related("skill").order_by(
                "skill__kind", "skill__label"
            ),
            "applications": candidate.applications.select_related("offer").order_by("-created_at"),
            "availability": _week(candidate.availability),
            "can_edit": perms.can_edit_candidate(request.membership, candidate),
            "hours_min": format_duration(candidate.weekly_minutes_min)
            if candidate.weekly_minutes_min
            else "",
            "hours_max": format_duration(candidate.weekly_minutes_max)
            if candidate.weekly_minutes_max
            else "",
        },
    )


@permission(perms.can_recruit, visible=perms.can_view_recruitment)
def candidate_edit(request, public_id):
    candidate = get_object_or_404(scoped(Candidate, request.membership), public_id=public_id)
    ensure(perms.can_edit_candidate(request.membership, candidate))
    return _candidate_form(request, candidate)


# --- Applications (staff) -------------------------------------------------------------------------


@permission(perms.can_view_recruitment)
def application_detail(request, public_id):
    application = _application(request, public_id)
    can_edit = perms.can_edit_application(request.membership, application)
    interviews = Appointment.objects.filter(
        group=application.group, subject_type="recruitment.application", subject_id=application.public_id
    ).order_by("starts_at")
    return render(
        request,
        "recruitment/application_detail.html",
        {
            "application": application,
            "candidate": application.candidate,
            "offer": application.offer,
            "transitions": application.transitions.order_by("at", "id"),
            "can_edit": can_edit and application.is_open,
            "transition_form": TransitionForm(application=application),
            "hire_form": HireForm(initial={"hiring_start_date": application.offer.start_date}),
            "interviews": interviews,
            "can_hire": ApplicationStatus.HIRED in application.allowed_targets(),
        },
    )


@require_POST
@permission(perms.can_recruit, visible=perms.can_view_recruitment)
def application_transition(request, public_id):
    application = _application(request, public_id)
    ensure(perms.can_edit_application(request.membership, application))
    form = TransitionForm(request.POST, application=application)
    if not form.is_valid():
        messages.error(request, _("Choisissez un statut permis."))
        return redirect("recruitment:application", public_id=application.public_id)
    try:
        services.transition(
            actor=request.user,
            application=application,
            status=form.cleaned_data["status"],
            refusal_reason=form.cleaned_data["refusal_reason"],
            message=form.cleaned_data["message"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Statut de la candidature modifié."))
    return redirect("recruitment:application", public_id=application.public_id)


@require_POST
@permission(perms.can_recruit, visible=perms.can_view_recruitment)
def application_hire(request, public_id):
    application = _application(request, public_id)
    ensure(perms.can_edit_application(request.membership, application))
    form = HireForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indiquez la date de début du contrat."))
        return redirect("recruitment:application", public_id=application.public_id)
    try:
        application = services.hire(
            membership=request.membership,
            application=application,
            start_date=form.cleaned_data["hiring_start_date"],
            gross_hourly_wage=form.cleaned_data["gross_hourly_wage"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("recruitment:application", public_id=application.public_id)
    messages.success(
        request,
        _("Embauche enregistrée : CDI et mises à disposition créés à partir du %(date)s.")
        % {"date": application.hiring_start_date.strftime("%d/%m/%Y")},
    )
    return redirect("recruitment:application", public_id=application.public_id)


@require_POST
@permission(perms.can_recruit, visible=perms.can_view_recruitment)
def application_interview(request, public_id):
    """Plan an interview (an appointment whose subject is the application)."""
    application = _application(request, public_id)
    ensure(perms.can_edit_application(request.membership, application))
    try:
        day = dt.date.fromisoformat(request.POST.get("day", ""))
        start = dt.time.fromisoformat(request.POST.get("start_time", ""))
    except ValueError:
        messages.error(request, _("Indiquez le jour et l'heure de l'entretien."))
        return redirect("recruitment:application", public_id=application.public_id)
    starts_at = timezone.make_aware(dt.datetime.combine(day, start))
    candidate = application.candidate
    try:
        appointments.create_appointment(
            actor=request.user,
            group=application.group,
            kind="interview",
            title=_("Entretien — %(title)s") % {"title": application.offer.title},
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(minutes=45),
            place=request.POST.get("place", "")[:250],
            participants=[
                appointments.ParticipantSpec(
                    name=candidate.full_name, email=candidate.email, phone=candidate.phone
                )
            ],
            subject=application,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("recruitment:application", public_id=application.public_id)
    if application.status in (ApplicationStatus.NEW, ApplicationStatus.SCREENING):
        services.transition(actor=request.user, application=application, status=ApplicationStatus.INTERVIEW)
    messages.success(request, _("Entretien planifié ; l'invitation est envoyée au candidat."))
    return redirect("recruitment:application", public_id=application.public_id)


@permission(perms.can_view_recruitment)
def application_cv(request, public_id):
    application = _application(request, public_id)
    ensure(perms.can_download_cv(request.membership, application))
    if not application.cv:
        raise Http404
    return FileResponse(application.cv.open("rb"), as_attachment=True, filename=application.cv_name or "CV")


# --- Member contact and partner -------------------------------------------------------------------


@permission(perms.can_view_shortlist)
def shortlist(request):
    rows = (
        selectors.application_list(request.membership)
        .select_related("offer__position")
        .order_by("offer__title", "status", "id")
    )
    return render(request, "recruitment/shortlist.html", {"rows": rows})


@permission(perms.can_follow_sent)
def sent(request):
    membership = request.membership
    offers = scoped(JobOffer, membership).filter(status=OfferStatus.PUBLISHED).order_by("title", "id")
    form = SendCandidateForm(request.POST or None, offers=offers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            candidate = services.save_candidate(
                actor=request.user,
                group=request.current_group,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                phone=data["phone"],
                city=data["city"],
                source=CandidateSource.PARTNER,
                sharing_consent=True,
            )
            Candidate.objects.filter(pk=candidate.pk).update(sent_by=request.user)
            services.create_application(
                actor=request.user,
                offer=data["offer"],
                candidate=candidate,
                cover_letter=data["cover_letter"],
            )
        except ValidationError as exc:
            add_model_errors(form, exc)
        else:
            messages.success(request, _("Candidature transmise au groupement."))
            return redirect("recruitment:sent")
    rows = selectors.application_list(membership).order_by("-created_at", "-id")
    return render(request, "recruitment/sent.html", {"form": form, "rows": rows})


# --- Public ---------------------------------------------------------------------------------------


@public
def public_offers(request):
    offers = selectors.public_offers()
    page = Paginator(offers, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "recruitment/public_list.html",
        {"page": page, "rows": [(o, selectors.places(o)) for o in page.object_list]},
    )


@public
def public_offer(request, public_id):
    offer = get_object_or_404(selectors.public_offers(), public_id=public_id)
    form = PublicApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.apply_online(
                offer=offer,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                phone=data["phone"],
                city=data["city"],
                cover_letter=data["cover_letter"],
                cv=data["cv"],
                pool_consent=data["pool_consent"],
            )
        except ValidationError as exc:
            add_model_errors(form, exc)
        else:
            return render(request, "recruitment/public_thanks.html", {"offer": offer})
    return render(
        request,
        "recruitment/public_offer.html",
        {"offer": offer, "form": form, "places": selectors.places(offer), "week": _week(offer.schedule)},
    )


@public
def public_export(request):
    document = offers_document(
        selectors.public_offers(), base_url=request.build_absolute_uri(reverse("recruitment:public_offers"))
    )
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'inline; filename="offres.json"'
    return response
