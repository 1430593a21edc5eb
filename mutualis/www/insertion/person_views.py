"""The person's own space, phone-first: « Mon parcours », her data, consents, who read what.

She signs in by an e-mail link (no password). Health details of the diagnostic are hers to read;
they never travel by e-mail.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlsafe_base64_decode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mutualis.accounts.middleware import SESSION_KEY
from mutualis.core.access import permission, public
from mutualis.insertion import consents, diagnostics, export, login_links, perms, services
from mutualis.insertion.models import Action, Beneficiary, ConsentGrant, Objective

from . import forms


def _me(request):
    return get_object_or_404(
        Beneficiary.objects.select_related("follow_up", "organisation", "group"),
        user=request.user,
        anonymised_at__isnull=True,
    )


# --- Sign-in by e-mail link -------------------------------------------------------------------------


@public
def login_request(request):
    form = forms.LoginLinkForm(request.POST or None)
    sent = False
    if request.method == "POST" and form.is_valid():
        login_links.send_link(request, form.cleaned_data["email"])
        sent = True
    return render(request, "insertion/person_login.html", {"form": form, "sent": sent})


@public
def login_link(request, uidb64, token):
    from django.contrib.auth import get_user_model

    try:
        user = get_user_model().objects.get(pk=urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, OverflowError, get_user_model().DoesNotExist):
        user = None
    valid = (
        user is not None
        and login_links.person_user(user.email) == user
        and login_links.tokens.check_token(user, token)
    )
    if valid and request.method == "POST":
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        membership = user.active_memberships().filter(role="person").first()
        if membership is not None:
            request.session[SESSION_KEY] = str(membership.public_id)
        return redirect("insertion:my_journey")
    return render(request, "insertion/person_login_link.html", {"valid": valid})


# --- Her space ------------------------------------------------------------------------------------


@permission(perms.is_person)
def my_journey(request):
    me = _me(request)
    follow_up = me.follow_up
    diagnostic = me.diagnostics.select_related("template").order_by("-version").first()
    return render(
        request,
        "insertion/my_journey.html",
        {
            "me": me,
            "follow_up": follow_up,
            "referent": follow_up.referent_member,
            "axes": list(
                follow_up.axes.prefetch_related(
                    Prefetch(
                        "objectives",
                        queryset=Objective.objects.prefetch_related(
                            Prefetch("actions", queryset=Action.objects.order_by("due_on", "id"))
                        ),
                    )
                )
            ),
            "diagnostic": diagnostic,
            "sections": diagnostics.answered(diagnostic) if diagnostic else [],
            "events": list(follow_up.events.order_by("-occurred_at", "-id")[:30]),
        },
    )


@require_POST
@permission(perms.is_person)
def my_objective_agree(request, public_id):
    me = _me(request)
    objective = get_object_or_404(Objective, public_id=public_id, axis__follow_up__beneficiary=me)
    services.agree_objective(actor=request.user, objective=objective)
    messages.success(request, _("Votre accord est enregistré."))
    return redirect("insertion:my_journey")


@permission(perms.is_person)
def my_data(request):
    me = _me(request)
    form = forms.CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_correction(actor=request.user, beneficiary=me, **form.cleaned_data)
        except ValidationError as exc:
            forms.add_model_errors(form, exc)
        else:
            messages.success(request, _("Votre demande est transmise à votre référent."))
            return redirect("insertion:my_data")
    return render(
        request,
        "insertion/my_data.html",
        {
            "me": me,
            "form": form,
            "consents": list(
                me.consents.select_related("organisation", "group").order_by("-given_on", "-id")
            ),
            "logs": list(me.access_logs.order_by("-read_at", "-id")[:200]),
            "corrections": list(me.correction_requests.order_by("-created_at", "-id")),
        },
    )


@require_POST
@permission(perms.is_person)
def my_consent_revoke(request, public_id):
    me = _me(request)
    consent = get_object_or_404(ConsentGrant, public_id=public_id, beneficiary=me)
    consents.revoke(actor=request.user, consent=consent)
    messages.success(
        request,
        _("Consentement retiré : %(to)s n'a plus accès à vos données.") % {"to": consent.grantee_name},
    )
    return redirect("insertion:my_data")


def _filename(me, ext):
    return f"mes-donnees-{slugify(str(me)) or 'parcours'}.{ext}"


@permission(perms.is_person)
def my_export(request):
    me = _me(request)
    response = JsonResponse(export.export_data(me), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{_filename(me, "json")}"'
    return response


@permission(perms.is_person)
def my_export_pdf(request):
    me = _me(request)
    response = HttpResponse(export.export_pdf(me), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(me, "pdf")}"'
    return response
