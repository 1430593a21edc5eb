from django.contrib.auth import middleware as auth_middleware
from rest_framework.views import APIView

from .tenancy import active_memberships_of, resolve_membership


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
    # Read once a request: the organisation switcher of every page lists them too.
    memberships = active_memberships_of(user)
    request.user_memberships = memberships
    membership = resolve_membership(user, wanted=wanted, memberships=memberships)
    request.membership = membership
    request.current_group = membership.group if membership else None
    request.current_organisation = membership.organisation if membership else None
    request.role = membership.role if membership else None
    return membership


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Every page needs a signed-in user unless its view is declared `public` (mutualis.core.access).

    API views authenticate by themselves (token or session) and answer 401/403 in JSON, never a
    redirect to the login page.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_class = getattr(view_func, "cls", None)
        if view_class is not None and issubclass(view_class, APIView):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
