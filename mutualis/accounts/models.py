import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .roles import STAFF_ROLES, Role


class User(AbstractUser):
    PERSONAL_DATA = {
        "first_name": _("supprimé 1 an après la désactivation du compte"),
        "last_name": _("supprimé 1 an après la désactivation du compte"),
        "email": _("supprimé 1 an après la désactivation du compte"),
        "username": _("anonymisé 1 an après la désactivation du compte"),
    }

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")

    def __str__(self):
        return self.get_full_name() or self.username

    def active_memberships(self):
        return (
            self.memberships.filter(is_active=True)
            .filter(
                Q(group__is_active=True)
                | Q(group__isnull=True, organisation__is_active=True)
                | Q(role=Role.PERSON, group__isnull=True, organisation__isnull=True)
            )
            .select_related("group", "organisation", "member", "employee")
            .order_by("group__name", "organisation__name", "role", "id")
        )


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, membership):
        """Staff of a group see the group's memberships; others only their own."""
        if membership is None:
            return self.none()
        if membership.group_id is None:
            return self.filter(pk=membership.pk)
        qs = self.filter(group_id=membership.group_id)
        if membership.role == Role.DIRECTOR:
            return qs
        return qs.filter(user_id=membership.user_id)


class Membership(models.Model):
    """A user's role in one organisation: a GE (`group`, possibly for one of its members or as one of
    its employees), or an outside organisation (`organisation`: insertion structure, territorial body…).
    Exactly one of `group` and `organisation` is set, except for a person accompanied (`Role.PERSON`),
    whose membership is on neither: her own space (see mutualis/insertion)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    group = models.ForeignKey(
        "employer_groups.EmployerGroup",
        verbose_name=_("groupement"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("adhérent"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contact_memberships",
        help_text=_("Pour un contact adhérent : l'adhérent représenté."),
    )
    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("salarié"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="user_memberships",
        help_text=_("Pour un salarié : sa fiche salarié."),
    )
    is_active = models.BooleanField(_("actif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("rattachement")
        verbose_name_plural = _("rattachements")
        constraints = [
            models.CheckConstraint(
                name="membership_group_xor_organisation",
                condition=Q(group__isnull=False, organisation__isnull=True)
                | Q(group__isnull=True, organisation__isnull=False)
                | Q(role=Role.PERSON, group__isnull=True, organisation__isnull=True),
                violation_error_message=_(
                    "Un rattachement porte sur un groupement ou sur une organisation "
                    "(sauf celui d'une personne accompagnée, qui ne porte sur aucun des deux)."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=Q(organisation__isnull=False),
                name="membership_unique_organisation_role",
                violation_error_message=_("Cet utilisateur a déjà ce rôle dans cette organisation."),
            ),
            # One membership per user, GE and role (per member for contacts, per employee record for
            # employees); partial indexes, since SQLite has no "nulls not distinct".
            models.UniqueConstraint(
                fields=["user", "group", "role"],
                condition=Q(member__isnull=True, employee__isnull=True, group__isnull=False),
                name="membership_unique_role",
                violation_error_message=_("Cet utilisateur a déjà ce rôle dans ce groupement."),
            ),
            models.UniqueConstraint(
                fields=["user", "group", "role", "member"],
                condition=Q(member__isnull=False),
                name="membership_unique_member",
                violation_error_message=_("Cet utilisateur a déjà ce rôle pour cet adhérent."),
            ),
            models.UniqueConstraint(
                fields=["user", "group", "role", "employee"],
                condition=Q(employee__isnull=False),
                name="membership_unique_employee",
                violation_error_message=_("Cet utilisateur a déjà ce rôle pour ce salarié."),
            ),
            models.CheckConstraint(
                name="membership_member_contact_has_member",
                condition=Q(role=Role.MEMBER_CONTACT, member__isnull=False)
                | (~Q(role=Role.MEMBER_CONTACT) & Q(member__isnull=True)),
                violation_error_message=_(
                    "Un contact d'adhérent indique son adhérent ; les autres rôles n'en indiquent pas."
                ),
            ),
            models.CheckConstraint(
                name="membership_employee_has_employee",
                condition=Q(role=Role.EMPLOYEE, employee__isnull=False)
                | (~Q(role=Role.EMPLOYEE) & Q(employee__isnull=True)),
                violation_error_message=_(
                    "Un rattachement de salarié indique sa fiche salarié ; les autres rôles n'en indiquent pas."
                ),
            ),
        ]

    def __str__(self):
        where = self.member or self.group or self.organisation or _("Mon espace")
        return f"{self.user} — {self.get_role_display()} — {where}"

    @property
    def is_staff_role(self):
        return self.role in STAFF_ROLES

    @property
    def organisation_label(self):
        if self.member_id:
            return f"{self.member.name} ({self.group.name})"
        if self.organisation_id:
            return self.organisation.name
        if self.group_id is None:
            return _("Mon espace")
        return self.group.name
