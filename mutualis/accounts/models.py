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
            self.memberships.filter(is_active=True, group__is_active=True)
            .select_related("group", "member", "employee")
            .order_by("group__name", "role", "id")
        )


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, membership):
        """Staff of a group see the group's memberships; others only their own."""
        if membership is None:
            return self.none()
        qs = self.filter(group_id=membership.group_id)
        if membership.role == Role.DIRECTOR:
            return qs
        return qs.filter(user_id=membership.user_id)


class Membership(models.Model):
    """A user's role in one organisation (a GE, or one member of a GE)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    group = models.ForeignKey(
        "employer_groups.EmployerGroup",
        verbose_name=_("groupement"),
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
            # One membership per user, GE and role (per member for contacts, per employee record for
            # employees); partial indexes, since SQLite has no "nulls not distinct".
            models.UniqueConstraint(
                fields=["user", "group", "role"],
                condition=Q(member__isnull=True, employee__isnull=True),
                name="membership_unique_role",
            ),
            models.UniqueConstraint(
                fields=["user", "group", "role", "member"],
                condition=Q(member__isnull=False),
                name="membership_unique_member",
            ),
            models.UniqueConstraint(
                fields=["user", "group", "role", "employee"],
                condition=Q(employee__isnull=False),
                name="membership_unique_employee",
            ),
            models.CheckConstraint(
                name="membership_member_contact_has_member",
                condition=Q(role=Role.MEMBER_CONTACT, member__isnull=False)
                | (~Q(role=Role.MEMBER_CONTACT) & Q(member__isnull=True)),
            ),
            models.CheckConstraint(
                name="membership_employee_has_employee",
                condition=Q(role=Role.EMPLOYEE, employee__isnull=False)
                | (~Q(role=Role.EMPLOYEE) & Q(employee__isnull=True)),
            ),
        ]

    def __str__(self):
        where = self.member or self.group
        return f"{self.user} — {self.get_role_display()} — {where}"

    @property
    def is_staff_role(self):
        return self.role in STAFF_ROLES

    @property
    def organisation_label(self):
        if self.member_id:
            return f"{self.member.name} ({self.group.name})"
        return self.group.name
