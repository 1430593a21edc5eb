"""Users of a GE (issue 11): invitations by e-mail with a role, role changes, deactivation.

An invitation creates the user (with no usable password) and the membership at once, then e-mails a
link to set the password (Django's password-reset token: single use, expires after
PASSWORD_RESET_TIMEOUT). Once the password is set, the user signs in and lands in that role. A user
who already exists (same e-mail) just receives the new membership and a message saying so.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from mutualis.core import journal

from . import perms
from .models import Membership, User
from .roles import STAFF_ROLES, Role
from .signals import membership_deactivated

INVITABLE_ROLES = STAFF_ROLES | {Role.MEMBER_CONTACT, Role.EMPLOYEE}


def _check_inviter(inviter, role):
    if role in STAFF_ROLES and not perms.can_manage_team(inviter):
        raise PermissionDenied(_("Seule la direction invite l'équipe du groupement."))
    if role in (Role.MEMBER_CONTACT, Role.EMPLOYEE) and not perms.can_invite_contacts(inviter):
        raise PermissionDenied(_("Seules la direction et la planification invitent contacts et salariés."))


def set_password_link(user, base_url=""):
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


@transaction.atomic
def invite_first_director(*, group, email, first_name="", last_name="", actor=None, base_url=""):
    """A new GE's first director, invited by the platform administrator (no inviter membership)."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"director_email": _("Saisissez une adresse électronique valide.")}) from error
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    created = user is None
    if created:
        user = User(username=email, email=email, first_name=first_name.strip(), last_name=last_name.strip())
        user.set_unusable_password()
        user.save()
    membership = Membership.objects.create(user=user, group=group, role=Role.DIRECTOR)
    journal.record(
        action="accounts.invited",
        actor=actor,
        group=group,
        target=membership,
        role=Role.DIRECTOR,
        email=email,
    )
    transaction.on_commit(lambda: _send_invitation(membership, new_user=created, base_url=base_url))
    return membership


@transaction.atomic
def invite(*, inviter, email, role, first_name="", last_name="", member=None, employee=None, base_url=""):
    """Invite someone into the inviter's GE with `role` (a member contact needs `member`, an employee
    `employee`, both of that GE). Returns the membership; sends the e-mail after commit."""
    group = inviter.group
    errors = {}
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Saisissez une adresse électronique valide.")
    if role not in INVITABLE_ROLES:
        errors["role"] = _("Choisissez un rôle parmi ceux proposés.")
    if role == Role.MEMBER_CONTACT and (member is None or member.group_id != group.pk):
        errors["member"] = _("Choisissez l'adhérent que ce contact représente.")
    if role == Role.EMPLOYEE and (employee is None or employee.group_id != group.pk):
        errors["employee"] = _("Choisissez la fiche du salarié.")
    elif role == Role.EMPLOYEE and Membership.objects.filter(employee=employee, is_active=True).exists():
        errors["email"] = _("Ce salarié a déjà un accès à Mutualis.")
    if errors:
        raise ValidationError(errors)
    _check_inviter(inviter, role)
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    created = user is None
    if created:
        username = email
        if User.objects.filter(username=username).exists():
            raise ValidationError({"email": _("Un compte porte déjà cet identifiant.")})
        user = User(
            username=username, email=email, first_name=first_name.strip(), last_name=last_name.strip()
        )
        user.set_unusable_password()
        user.save()
    membership, new = Membership.objects.get_or_create(
        user=user,
        group=group,
        role=role,
        member=member if role == Role.MEMBER_CONTACT else None,
        employee=employee if role == Role.EMPLOYEE else None,
    )
    if not new and membership.is_active:
        raise ValidationError({"email": _("Cette personne a déjà ce rôle dans le groupement.")})
    if not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    journal.record(
        action="accounts.invited",
        actor=inviter.user,
        group=group,
        target=membership,
        role=role,
        email=email,
    )
    transaction.on_commit(lambda: _send_invitation(membership, new_user=created, base_url=base_url))
    return membership


def _send_invitation(membership, *, new_user, base_url):
    user, group = membership.user, membership.group
    role = membership.get_role_display()
    if new_user or not user.has_usable_password():
        link = set_password_link(user, base_url)
        body = _(
            "Bonjour,\n\n%(group)s vous invite sur Mutualis avec le rôle « %(role)s ».\n\n"
            "Choisissez votre mot de passe en suivant ce lien (valable %(days)d jours, une seule fois) :\n"
            "%(link)s\n\nVotre identifiant est votre adresse électronique : %(email)s.\n"
        ) % {
            "group": group.name,
            "role": role,
            "link": link,
            "email": user.email,
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        }
    else:
        body = _(
            "Bonjour,\n\n%(group)s vous a donné le rôle « %(role)s » sur Mutualis.\n"
            "Connectez-vous avec votre compte habituel : %(link)s\n"
        ) % {"group": group.name, "role": role, "link": base_url.rstrip("/") + reverse("login")}
    EmailMessage(
        subject=_("Invitation de %(group)s sur Mutualis") % {"group": group.name},
        body=body,
        to=[user.email],
    ).send()


def _active_directors(group, exclude=None):
    qs = Membership.objects.filter(group=group, role=Role.DIRECTOR, is_active=True, user__is_active=True)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.count()


@transaction.atomic
def change_role(*, actor, membership, role):
    """Change a staff member's role (director, planner, accountant). The GE keeps one director."""
    if not perms.can_manage_team(actor) or membership.group_id != actor.group_id:
        raise PermissionDenied(_("Seule la direction change les rôles de l'équipe."))
    if membership.role not in STAFF_ROLES or role not in STAFF_ROLES:
        raise ValidationError(
            {
                "role": _(
                    "Seuls les rôles de l'équipe (direction, planification, comptabilité) se changent ici."
                )
            }
        )
    if (
        membership.role == Role.DIRECTOR
        and role != Role.DIRECTOR
        and not _active_directors(membership.group, exclude=membership)
    ):
        raise ValidationError({"role": _("Le groupement doit garder au moins une personne à la direction.")})
    if (
        Membership.objects.filter(user=membership.user, group=membership.group, role=role)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ValidationError({"role": _("Cette personne a déjà ce rôle.")})
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    journal.record(
        action="accounts.role_changed",
        actor=actor.user,
        group=membership.group,
        target=membership,
        before=before,
        after=role,
    )
    return membership


@transaction.atomic
def set_active(*, actor, membership, active):
    """Deactivate (or reactivate) one membership of the GE; the user keeps their other memberships."""
    if not perms.can_manage_team(actor) or membership.group_id != actor.group_id:
        raise PermissionDenied(_("Seule la direction désactive ou réactive un accès."))
    if not active and membership.pk == actor.pk:
        raise ValidationError(_("Vous ne pouvez pas désactiver votre propre accès."))
    if (
        not active
        and membership.role == Role.DIRECTOR
        and not _active_directors(membership.group, exclude=membership)
    ):
        raise ValidationError(_("Le groupement doit garder au moins une personne à la direction."))
    membership.is_active = active
    membership.save(update_fields=["is_active"])
    if not active:
        membership_deactivated.send(sender=type(membership), membership=membership)
    journal.record(
        action="accounts.activated" if active else "accounts.deactivated",
        actor=actor.user,
        group=membership.group,
        target=membership,
    )
    return membership


def status_of(membership):
    """« Invitation envoyée » until the password is set, then « Actif », or « Désactivé »."""
    if not membership.is_active or not membership.user.is_active:
        return _("Désactivé")
    if not membership.user.has_usable_password():
        return _("Invitation envoyée")
    return _("Actif")
