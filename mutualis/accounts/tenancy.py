"""The one tenancy mechanism: which membership a request acts as, and scoped querysets."""


def active_memberships_of(user):
    """The memberships a signed-in user may act as ([] for anyone else)."""
    if user is None or not user.is_authenticated:
        return []
    return list(user.active_memberships())


def resolve_membership(user, wanted=None, memberships=None):
    """Return the membership a user acts as: the `wanted` one (public id) if it is theirs, else the first.
    `memberships`: the user's active memberships when already read (`active_memberships_of`)."""
    if user is None or not user.is_authenticated:
        return None
    if memberships is None:
        memberships = active_memberships_of(user)
    if not memberships:
        return None
    if wanted:
        for membership in memberships:
            if str(membership.public_id) == str(wanted):
                return membership
    return memberships[0]


def scoped(model_or_qs, membership):
    """Tenant rows of a model that `membership` may see. Use this, never `.objects.all()`, in views/API."""
    qs = model_or_qs._default_manager.all() if hasattr(model_or_qs, "_default_manager") else model_or_qs
    return qs.visible_to(membership)
