"""Administration of a GE in pages (issue 11): the team and invitations, roles and deactivation,
« Rôles et droits », the GE's settings, and the creation of a GE by the platform administrator."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mutualis.accounts import perms, services
from mutualis.accounts.models import Membership
from mutualis.accounts.roles import STAFF_ROLES, Role
from mutualis.accounts.tenancy import scoped
from mutualis.billing import selectors as billing_selectors
from mutualis.billing import services as billing_services
from mutualis.core.access import ensure, permission, signed_in
from mutualis.employees.models import Employee
from mutualis.employer_groups import services as group_services
from mutualis.members.models import Member

from . import forms
from .rights import ROLE_RIGHTS


def _base_url(request):
    return request.build_absolute_uri("/")


def _apply_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _is_staff(membership):
    return membership is not None and membership.group_id is not None and membership.role in STAFF_ROLES


@permission(perms.can_manage_team, visible=_is_staff, message=_("Seule la direction gère l'équipe."))
def team(request):
    membership = request.membership
    form = forms.StaffInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite(inviter=membership, base_url=_base_url(request), **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("Invitation envoyée à %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("administration:team")
    rows = (
        Membership.objects.filter(group=membership.group)
        .select_related("user", "member", "employee")
        .order_by("role", "user__last_name", "user__first_name", "pk")
    )
    people = [
        {
            "membership": row,
            "status": services.status_of(row),
            "is_staff": row.role in STAFF_ROLES,
            "role_form": forms.RoleForm(initial={"role": row.role}, prefix=str(row.public_id)),
            "is_self": row.pk == membership.pk,
        }
        for row in rows
    ]
    return render(
        request,
        "administration/team.html",
        {"form": form, "people": people},
        status=400 if form.errors else 200,
    )


def _team_membership(request, public_id):
    return get_object_or_404(
        Membership.objects.filter(group_id=request.membership.group_id).select_related("user"),
        public_id=public_id,
    )


@require_POST
@permission(perms.can_manage_team, visible=_is_staff, message=_("Seule la direction gère l'équipe."))
def change_role(request, public_id):
    target = _team_membership(request, public_id)
    form = forms.RoleForm(request.POST, prefix=str(target.public_id))
    if not form.is_valid():
        messages.error(request, _("Choisissez un rôle parmi ceux proposés."))
        return redirect("administration:team")
    try:
        services.change_role(actor=request.membership, membership=target, role=form.cleaned_data["role"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s : rôle « %(role)s ».") % {"name": target.user, "role": target.get_role_display()},
        )
    return redirect("administration:team")


@require_POST
@permission(perms.can_manage_team, visible=_is_staff, message=_("Seule la direction gère l'équipe."))
def set_active(request, public_id):
    target = _team_membership(request, public_id)
    active = request.POST.get("active") == "1"
    try:
        services.set_active(actor=request.membership, membership=target, active=active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            (_("Accès de %(name)s réactivé.") if active else _("Accès de %(name)s désactivé."))
            % {"name": target.user},
        )
    return redirect("administration:team")


def _invite_page(request, *, role, title, back, member=None, employee=None):
    form = forms.InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite(
                inviter=request.membership,
                role=role,
                member=member,
                employee=employee,
                base_url=_base_url(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("Invitation envoyée à %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect(back)
    return render(
        request,
        "administration/invite.html",
        {"form": form, "title": title, "back": back},
        status=400 if form.errors else 200,
    )


@permission(perms.can_invite_contacts, visible=_is_staff)
def invite_contact(request, public_id):
    member = get_object_or_404(scoped(Member, request.membership), public_id=public_id)
    return _invite_page(
        request,
        role=Role.MEMBER_CONTACT,
        member=member,
        title=_("Inviter un contact de %(member)s") % {"member": member.name},
        back=reverse("members:detail", kwargs={"public_id": member.public_id}),
    )


@permission(perms.can_invite_contacts, visible=_is_staff)
def invite_employee(request, public_id):
    employee = get_object_or_404(scoped(Employee, request.membership), public_id=public_id)
    return _invite_page(
        request,
        role=Role.EMPLOYEE,
        employee=employee,
        title=_("Inviter %(name)s sur Mutualis") % {"name": employee.full_name},
        back=reverse("employees:detail", kwargs={"public_id": employee.public_id}),
    )


@permission(signed_in)
def roles(request):
    return render(request, "administration/roles.html", {"roles": ROLE_RIGHTS})


@permission(
    perms.can_edit_group_settings, visible=_is_staff, message=_("Seule la direction modifie ces paramètres.")
)
def group_settings(request):
    group = request.current_group
    current = billing_selectors.settings_for(group)
    form = forms.GroupSettingsForm(request.POST or None, instance=group)
    terms = forms.PaymentTermsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid() and terms.is_valid():
        try:
            group_services.update_settings(group=group, data=form.cleaned_data, user=request.user)
            billing_services.save_settings(group=group, user=request.user, **terms.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Paramètres du groupement enregistrés."))
            return redirect("administration:group_settings")
    return render(
        request,
        "administration/group_settings.html",
        {"form": form, "terms": terms},
        status=400 if (form.errors or terms.errors) else 200,
    )


def _platform_admin(membership):
    return True  # checked on the user below (the platform administrator has no membership)


@permission(_platform_admin)
def group_create(request):
    ensure(visible=perms.is_platform_admin(request.user))
    form = forms.NewGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        director = {
            "director_email": data.pop("director_email"),
            "director_first_name": data.pop("director_first_name"),
            "director_last_name": data.pop("director_last_name"),
        }
        try:
            group, _membership = group_services.create_group(
                data=data, user=request.user, base_url=_base_url(request), **director
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(group)s créé ; invitation envoyée à %(email)s.")
                % {"group": group.name, "email": director["director_email"]},
            )
            return redirect("administration:group_create")
    return render(
        request, "administration/group_create.html", {"form": form}, status=400 if form.errors else 200
    )
