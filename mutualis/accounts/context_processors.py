from .tenancy import active_memberships_of


def organisation(request):
    membership = getattr(request, "membership", None)
    user = getattr(request, "user", None)
    memberships = getattr(request, "user_memberships", None)  # read by CurrentOrganisationMiddleware
    if memberships is None:
        memberships = active_memberships_of(user)
    return {
        "current_membership": membership,
        "current_group": getattr(request, "current_group", None),
        "current_organisation": getattr(request, "current_organisation", None),
        "user_memberships": memberships,
    }
