"""The one vocabulary of access checks, for pages and the API.

A *perms function* lives in a domain's `perms.py` and answers one question about the membership the
request acts as (`request.membership`, possibly None), optionally about one object:

    def can_list_members(membership) -> bool
    def can_edit_member(membership, member) -> bool

Where a check happens (see docs/architecture.md, « Contrôles d'accès »):

- **Who may open a page or call an endpoint** — a view decorator (`permission`) or the DRF permission
  class (`Perms`), both calling perms functions. Every view goes through one of them, or is declared
  `public` (tests/www/test_access_declared.py walks the URL conf).
- **Which rows exist for the user** — querysets (`scoped(Model, membership)`): another GE's or another
  member's object is simply not found (404).
- **What may be done to one object** — `ensure(...)` in the view after the lookup, with the perms
  function that takes the object.
- **Business rules that hold whoever calls** (a closed month stays closed…) — services raise
  `ValidationError`; services do not re-check roles except where a command or a task may call them
  for a user (then they take the acting membership and call the same perms function).

Denials: a user who must not know the page or object exists gets **404**; a user who sees the object
but may not do this to it gets **403** with a French message.
"""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions as drf_permissions
from rest_framework.exceptions import NotFound

DEFAULT_DENIED = _("Votre rôle ne permet pas cette action.")
# Marker set on every view that declared its access, read by the URL-conf walk test.
ACCESS_ATTRIBUTE = "mutualis_access"


def signed_in(membership):
    """Any signed-in user, with or without a membership (the login itself is checked by the middleware)."""
    return True


def has_membership(membership):
    return membership is not None


def permission(check, *, visible=None, message=None):
    """View decorator: `check(request.membership)` must hold.

    Without `visible`, a refusal is a 404 (the page does not exist for this user). With `visible`, a
    user for whom `visible(membership)` is false gets 404, and one who passes `visible` but not
    `check` gets 403 with `message`.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            membership = getattr(request, "membership", None)
            if visible is not None and not visible(membership):
                raise Http404
            if not check(membership):
                if visible is None:
                    raise Http404
                raise PermissionDenied(message or DEFAULT_DENIED)
            return view(request, *args, **kwargs)

        setattr(wrapped, ACCESS_ATTRIBUTE, check)
        return wrapped

    return decorator


def public(view):
    """A page anyone may open, signed in or not (login page, public offers, answer links…)."""
    view = login_not_required(view)
    setattr(view, ACCESS_ATTRIBUTE, public)
    return view


def ensure(allowed=True, *, visible=True, message=None):
    """Object-level check inside a view: 404 when not `visible`, 403 when visible but not `allowed`."""
    if not visible:
        raise Http404
    if not allowed:
        raise PermissionDenied(message or DEFAULT_DENIED)


class Perms(drf_permissions.BasePermission):
    """The API's one permission class: it calls the viewset's perms functions.

    A viewset declares `perms`, a dict from an action name (`list`, `create`, `publish`…) or from
    `"read"` / `"write"` (safe / unsafe methods) to a perms function of the membership, and may
    declare `object_perms` the same way with functions of (membership, object). A missing entry for
    an unsafe method refuses (403); a missing read entry allows (the queryset decides what is seen).
    An object check that fails answers 404 for reads and 403 for writes, unless the viewset's
    `object_visible(membership, obj)` says the object is not visible (404).
    """

    message = DEFAULT_DENIED

    @staticmethod
    def _lookup(table, request, view):
        table = table or {}
        action = getattr(view, "action", None)
        if action in table:
            return table[action], True
        key = "read" if request.method in drf_permissions.SAFE_METHODS else "write"
        if key in table:
            return table[key], True
        return None, False

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        check, found = self._lookup(getattr(view, "perms", None), request, view)
        if not found:
            return request.method in drf_permissions.SAFE_METHODS
        return bool(check(getattr(request, "membership", None)))

    def has_object_permission(self, request, view, obj):
        check, found = self._lookup(getattr(view, "object_perms", None), request, view)
        if not found:
            return True
        membership = getattr(request, "membership", None)
        if check(membership, obj):
            return True
        visible = getattr(view, "object_visible", None)
        if request.method in drf_permissions.SAFE_METHODS or (visible and not visible(membership, obj)):
            raise NotFound
        return False
