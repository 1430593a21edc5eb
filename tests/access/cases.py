"""The access registry: one Case per URL pattern name (see matrix.Case for the fields).

Every URL pattern of the project must have a case here, or be classified by `matrix.generic_case`
(the admin, the debug media server); test_matrix fails and lists the patterns that have none.
Build URLs from objects of GE a and member a1 (`w.member_a1.public_id`, `w.employee_a.public_id`…):
personas of GE b, contact_a2, partners, observers, the outsider and anonymous visitors then prove
that foreign data stays out of reach. For a page that accepts POST, give `methods=("POST",)` and
`data=` a VALID form, so that only the permission check can refuse it.
"""

from .matrix import (
    AUTHENTICATED,
    EVERYONE,
    NOBODY,
    Case,
)

PUBLIC = Case(read=EVERYONE)

CASES = {
    # --- Accounts and site-wide pages --------------------------------------------------------
    "home": Case(read=AUTHENTICATED),
    # Authenticated users are redirected away from the login page.
    "login": Case(read=EVERYONE, read_status=frozenset({200, 302}), write=EVERYONE, methods=("POST",)),
    "logout": Case(get=False, write=EVERYONE, methods=("POST",)),
    "password_reset": Case(read=EVERYONE, write=EVERYONE, methods=("POST",)),
    "password_reset_done": PUBLIC,
    "password_reset_confirm": Case(
        kwargs=lambda w: {"uidb64": "MQ", "token": "jeton-invalide"}, read=EVERYONE
    ),
    "password_reset_complete": PUBLIC,
    "password_change": Case(
        read=AUTHENTICATED,
        write=AUTHENTICATED,
        methods=("POST",),
        data=lambda w: {
            "old_password": "mot-de-passe-de-test",
            "new_password1": "Nouveau-mot-de-passe-42",
            "new_password2": "Nouveau-mot-de-passe-42",
        },
    ),
    "password_change_done": Case(read=AUTHENTICATED),
    # Choosing one of one's own memberships; someone else's is refused (tests/accounts).
    "switch_organisation": Case(get=False, write=AUTHENTICATED, methods=("POST",)),
    # Without `next`, set_language answers 204 or redirects to the referrer; it touches a cookie only.
    "set_language": Case(
        read=EVERYONE, read_status=frozenset({200, 204, 302}), write=EVERYONE, methods=("POST",)
    ),
    # --- API description (no tenant data) ------------------------------------------------------
    "api-schema": PUBLIC,
    "api-docs": PUBLIC,
    "api:api-root": Case(read=AUTHENTICATED, api=True),
}

assert frozenset() == NOBODY
