def organisation(request):
    membership = getattr(request, "membership", None)
    user = getattr(request, "user", None)
    memberships = []
    if user is not None and user.is_authenticated:
        memberships = list(user.active_memberships())
    return {
        "current_membership": membership,
        "current_group": getattr(request, "current_group", None),
        "current_organisation": getattr(request, "current_organisation", None),
        "user_memberships": memberships,
    }
