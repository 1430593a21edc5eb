"""Who may administer a GE's users (issue 11): invitations, roles, deactivation, GE settings."""

from .roles import REGISTRY_WRITE_ROLES, Role


def can_manage_team(membership) -> bool:
    """Invite staff, change their roles, deactivate anyone of the GE: the director."""
    return membership is not None and membership.group_id is not None and membership.role == Role.DIRECTOR


def can_invite_contacts(membership) -> bool:
    """Invite a member's contacts (from the member page) and employees (from the employee page):
    the director and the planner, who keep the registry."""
    return (
        membership is not None and membership.group_id is not None and membership.role in REGISTRY_WRITE_ROLES
    )


def can_edit_group_settings(membership) -> bool:
    """The GE's legal identity, VAT regime, default coefficient, invoice prefix: the director."""
    return can_manage_team(membership)


def is_platform_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.is_superuser)
