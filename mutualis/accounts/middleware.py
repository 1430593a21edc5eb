from .tenancy import resolve_membership


class CurrentOrganisationMiddleware:
    """Sets request.membership, request.current_group and request.role in one place.

    A user who belongs to several organisations switches explicitly (the choice is
    kept in the session, see www/accounts); by default the first membership is used.
    The API resolves the same way after token authentication (mutualis/api/base.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        set_current(request, request.user, wanted=request.session.get(SESSION_KEY))
        return self.get_response(request)


SESSION_KEY = "current_membership"


def set_current(request, user, wanted=None):
    membership = resolve_membership(user, wanted=wanted)
    request.membership = membership
    request.current_group = membership.group if membership else None
    request.role = membership.role if membership else None
    return membership
