"""Appointment pages: the list, planning one, its page (move, cancel, outcome, .ics), the personal
calendar feed, published free slots with booking links, and the public booking page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mutualis.accounts.tenancy import scoped
from mutualis.appointments import ics, perms, selectors, services
from mutualis.appointments.models import AvailabilitySlot, BookingInvitation
from mutualis.core.access import ensure, permission, public, signed_in
from mutualis.www.members.forms import add_model_errors

from .forms import (
    AppointmentForm,
    BookingForm,
    CancelForm,
    InvitationForm,
    NewAppointmentForm,
    SlotForm,
    StatusForm,
    WhenForm,
)

PER_PAGE = 50


def _get(request, public_id):
    appointment = get_object_or_404(selectors.appointment_list(request.membership), public_id=public_id)
    ensure(visible=perms.can_view_appointment(request.membership, appointment))
    return appointment


def _ics_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@permission(perms.can_list_appointments)
def appointment_list(request):
    membership = request.membership
    now = timezone.now()
    show = request.GET.get("quand", "a-venir")
    rows = selectors.appointment_list(membership)
    rows = (
        rows.filter(ends_at__lt=now).order_by("-starts_at", "-id")
        if show == "passes"
        else rows.filter(ends_at__gte=now).order_by("starts_at", "id")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "appointments/list.html",
        {
            "page": page,
            "show": show,
            "can_organise": perms.can_organise(membership),
            "no_show_rate": selectors.no_show_rate(membership, now - timezone.timedelta(days=365)),
        },
    )


@permission(perms.can_organise, visible=perms.can_list_appointments)
def appointment_create(request):
    form = NewAppointmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appointment = services.create_appointment(
                actor=request.user,
                group=request.current_group,
                kind=data["kind"],
                title=data["title"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                mode=data["mode"],
                place=data["place"],
                notes=data["notes"],
                participants=[
                    services.ParticipantSpec(
                        name=data["name"],
                        email=data["email"],
                        phone=data["phone"],
                        sms_opt_in=data["sms_opt_in"],
                    )
                ],
            )
        except ValidationError as exc:
            add_model_errors(form, exc)
        else:
            messages.success(request, _("Rendez-vous enregistré ; l'invitation est envoyée."))
            return redirect("appointments:detail", public_id=appointment.public_id)
    return render(request, "appointments/form.html", {"form": form, "appointment": None})


@permission(perms.can_list_appointments)
def appointment_detail(request, public_id):
    appointment = _get(request, public_id)
    can_edit = perms.can_edit_appointment(request.membership, appointment)
    return render(
        request,
        "appointments/detail.html",
        {
            "appointment": appointment,
            "can_edit": can_edit,
            "status_form": StatusForm(initial={"status": appointment.status}),
            "cancel_form": CancelForm(),
            "sent": appointment.messages.order_by("-sent_at", "-id")[:20] if can_edit else (),
            "location": ics.location(appointment),
        },
    )


@permission(perms.can_organise, visible=perms.can_list_appointments)
def appointment_update(request, public_id):
    appointment = _get(request, public_id)
    ensure(perms.can_edit_appointment(request.membership, appointment))
    initial = {
        **WhenForm.initial_for(appointment),
        "kind": appointment.kind,
        "title": appointment.title,
        "mode": appointment.mode,
        "place": appointment.place,
        "notes": appointment.notes,
    }
    form = AppointmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            name: data[name] for name in ("kind", "title", "starts_at", "ends_at", "mode", "place", "notes")
        }
        try:
            services.update_appointment(actor=request.user, appointment=appointment, **fields)
        except ValidationError as exc:
            add_model_errors(form, exc)
        else:
            messages.success(request, _("Rendez-vous modifié ; les participants sont prévenus."))
            return redirect("appointments:detail", public_id=appointment.public_id)
    return render(request, "appointments/form.html", {"form": form, "appointment": appointment})


@require_POST
@permission(perms.can_organise, visible=perms.can_list_appointments)
def appointment_cancel(request, public_id):
    appointment = _get(request, public_id)
    ensure(perms.can_edit_appointment(request.membership, appointment))
    form = CancelForm(request.POST)
    try:
        form.is_valid()
        services.cancel_appointment(
            actor=request.user, appointment=appointment, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Rendez-vous annulé ; les participants sont prévenus."))
    return redirect("appointments:detail", public_id=appointment.public_id)


@require_POST
@permission(perms.can_organise, visible=perms.can_list_appointments)
def appointment_status(request, public_id):
    appointment = _get(request, public_id)
    ensure(perms.can_edit_appointment(request.membership, appointment))
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez ce qui s'est passé."))
    else:
        try:
            services.set_status(
                actor=request.user, appointment=appointment, status=form.cleaned_data["status"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Statut du rendez-vous enregistré."))
    return redirect("appointments:detail", public_id=appointment.public_id)


@permission(perms.can_list_appointments)
def appointment_ics(request, public_id):
    appointment = _get(request, public_id)
    return _ics_response(ics.appointment_ics(appointment), "rendez-vous.ics")


# --- Personal calendar feed ---------------------------------------------------------------------


def _feed_urls(request, feed):
    https = request.build_absolute_uri(reverse("appointments:feed", kwargs={"token": feed.token}))
    return https, "webcal://" + https.split("://", 1)[1]


@permission(signed_in)
def feed_page(request):
    feed = selectors.active_feed(request.user)
    https, webcal = _feed_urls(request, feed) if feed is not None else (None, None)
    return render(request, "appointments/feed.html", {"https_url": https, "webcal_url": webcal})


@require_POST
@permission(signed_in)
def feed_renew(request):
    services.calendar_feed(user=request.user, renew=True)
    messages.success(request, _("Nouvelle adresse d'agenda créée ; l'ancienne ne fonctionne plus."))
    return redirect("appointments:feed_page")


@public
def feed(request, token):
    from mutualis.appointments.models import CalendarFeed

    calendar_feed = (
        CalendarFeed.objects.filter(
            token=token,
            revoked_at__isnull=True,
            user__is_active=True,
            user__memberships__is_active=True,  # an access deactivated everywhere ends the feed
        )
        .select_related("user")
        .distinct()
        .first()
    )
    if calendar_feed is None:
        raise Http404
    user = calendar_feed.user
    name = _("Rendez-vous de %(name)s") % {"name": user.get_full_name() or user.get_username()}
    content = ics.feed_ics(selectors.feed_appointments(user), name)
    return HttpResponse(content, content_type="text/calendar; charset=utf-8")


# --- Free slots and booking links ---------------------------------------------------------------


@permission(perms.can_publish_slots, visible=perms.can_list_appointments)
def slots(request):
    membership = request.membership
    slot_form = SlotForm(request.POST if request.POST.get("form") == "slot" else None, prefix="slot")
    if slot_form.is_bound and slot_form.is_valid():
        data = slot_form.cleaned_data
        try:
            services.publish_slot(
                actor=request.user,
                group=request.current_group,
                kind=data["kind"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                mode=data["mode"],
                place=data["place"],
            )
        except ValidationError as exc:
            add_model_errors(slot_form, exc)
        else:
            messages.success(request, _("Créneau publié."))
            return redirect("appointments:slots")
    invitations = selectors.my_invitations(membership)[:50]
    return render(
        request,
        "appointments/slots.html",
        {
            "slot_form": slot_form,
            "invitation_form": InvitationForm(prefix="invite"),
            "slots": selectors.my_slots(membership).filter(ends_at__gte=timezone.now())[:200],
            "invitations": [
                (i, request.build_absolute_uri(reverse("appointments:book", kwargs={"token": i.token})))
                for i in invitations
            ],
        },
    )


@require_POST
@permission(perms.can_publish_slots, visible=perms.can_list_appointments)
def slot_withdraw(request, public_id):
    slot = get_object_or_404(scoped(AvailabilitySlot, request.membership), public_id=public_id)
    ensure(perms.can_edit_slot(request.membership, slot))
    try:
        services.withdraw_slot(actor=request.user, slot=slot)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Créneau retiré."))
    return redirect("appointments:slots")


@require_POST
@permission(perms.can_publish_slots, visible=perms.can_list_appointments)
def invite(request):
    form = InvitationForm(request.POST, prefix="invite")
    if form.is_valid():
        try:
            services.invite_to_book(actor=request.user, group=request.current_group, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Lien de réservation créé : envoyez-le à la personne."))
    else:
        messages.error(request, _("Invitation incomplète : indiquez le type et le nom de la personne."))
    return redirect("appointments:slots")


@public
def book(request, token):
    invitation = (
        BookingInvitation.objects.filter(token=token, group__is_active=True)
        .select_related("group", "owner", "appointment")
        .first()
    )
    if invitation is None:
        raise Http404
    now = timezone.now()
    context = {"invitation": invitation, "expired": invitation.expires_at < now}
    if invitation.appointment_id or context["expired"]:
        return render(request, "appointments/book.html", context)
    free = list(services.free_slots_for(invitation, now).order_by("starts_at")[:60])
    initial = {"name": invitation.name, "email": invitation.email, "phone": invitation.phone}
    form = BookingForm(request.POST or None, slots=free, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.book_slot(
                invitation=invitation,
                slot_public_id=data["slot"],
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                sms_opt_in=data["sms_opt_in"],
            )
        except ValidationError as exc:
            add_model_errors(form, exc)
        else:
            return redirect("appointments:book", token=token)
    context.update(form=form, slots=free)
    return render(request, "appointments/book.html", context)
