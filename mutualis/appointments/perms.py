"""Who may do what with appointments (which rows exist comes from `scoped`)."""

from mutualis.accounts.roles import REGISTRY_WRITE_ROLES, STAFF_ROLES, Role

# Roles that organise appointments: the GE's director and planners, and partners (insertion).
ORGANISER_ROLES = REGISTRY_WRITE_ROLES | {Role.PARTNER}


def _in_group(membership, obj):
    return membership is not None and membership.group_id is not None and obj.group_id == membership.group_id


def can_list_appointments(membership):
    """Anyone in a GE sees the appointments they organise or take part in (staff: all the GE's)."""
    return membership is not None and membership.group_id is not None


def can_organise(membership):
    return membership is not None and membership.group_id is not None and membership.role in ORGANISER_ROLES


def can_view_appointment(membership, appointment):
    if not _in_group(membership, appointment):
        return False
    if membership.role in STAFF_ROLES or appointment.organizer_id == membership.user_id:
        return True
    return appointment.participants.filter(user_id=membership.user_id).exists()


def can_edit_appointment(membership, appointment):
    """Move, cancel, record the outcome: the GE's writers, or the organiser."""
    if not _in_group(membership, appointment) or not can_organise(membership):
        return False
    return membership.role in REGISTRY_WRITE_ROLES or appointment.organizer_id == membership.user_id


def can_publish_slots(membership):
    return can_organise(membership)


def can_edit_slot(membership, slot):
    return (
        _in_group(membership, slot)
        and can_organise(membership)
        and (membership.role in REGISTRY_WRITE_ROLES or slot.owner_id == membership.user_id)
    )
