def organisation(request):
    membership = getattr(request, "membership", None)
    user = getattr(request, "user", None)
    memberships = getattr(request, "user_memberships", None)  # read by CurrentOrganisationMiddleware
    if memberships is None:
        memberships = list(user.active_memberships()) if user is not None and user.is_authenticated else []
    return {
        "current_membership": membership,
        "current_group": getattr(request, "current_group", None),
        "current_organisation": getattr(request, "current_organisation", None),
        "user_memberships": memberships,
    }
