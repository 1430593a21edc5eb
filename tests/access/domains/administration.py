"""Access cases of the administration pages (issue 11): team, invitations, roles, GE settings,
creation of a GE by the platform administrator."""

from tests.access.matrix import AUTHENTICATED, STAFF_A, STAFF_B, SUPERUSER, WRITERS_A, Case

DIRECTORS = frozenset({"director_a", "director_b"})
FINANCE = frozenset({"director_a", "accountant_a", "director_b", "accountant_b"})


def _membership_of(world, name):
    from mutualis.accounts.models import Membership

    return Membership.objects.get(user=world[name], group=world.group_a)


def _planner_a(world):
    return {"public_id": _membership_of(world, "planner_a").public_id}


CASES = {
    "administration:team": Case(
        read=DIRECTORS,
        write=DIRECTORS,
        methods=("POST",),
        data=lambda w: {"email": "nouvelle@example.org", "role": "accountant"},
        shows={"member_a1": frozenset({"director_a"})},
    ),
    "administration:change_role": Case(
        kwargs=_planner_a,
        get=False,
        write=frozenset({"director_a"}),
        methods=("POST",),
        data=lambda w: {f"{_membership_of(w, 'planner_a').public_id}-role": "accountant"},
    ),
    "administration:set_active": Case(
        kwargs=_planner_a,
        get=False,
        write=frozenset({"director_a"}),
        methods=("POST",),
        data=lambda w: {"active": "0"},
    ),
    "administration:invite_contact": Case(
        kwargs=lambda w: {"public_id": w.member_a1.public_id},
        read=WRITERS_A,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"email": "contact.nouveau@example.org"},
    ),
    "administration:invite_employee": Case(
        kwargs=lambda w: {"public_id": w.employee_a.public_id},
        read=WRITERS_A,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"email": "salarie.nouveau@example.org"},
    ),
    "administration:roles": Case(read=AUTHENTICATED),
    "administration:group_settings": Case(
        read=DIRECTORS,
        write=DIRECTORS,
        methods=("POST",),
        data=lambda w: {
            "name": "GE A renommé",
            "legal_form": w.group_a.legal_form,
            "siren": w.group_a.siren,
            "vat_regime": w.group_a.vat_regime,
            "default_billing_coefficient": "1.90",
            "invoice_prefix": w.group_a.invoice_prefix,
            "payment_terms_days": "30",
            "reminder_interval_days": "15",
        },
    ),
    "administration:group_create": Case(
        read=SUPERUSER,
        write=SUPERUSER,
        methods=("POST",),
        data=lambda w: {
            "name": "GE Nouveau",
            "slug": "ge-nouveau",
            "legal_form": "association",
            "siren": "732829320",
            "vat_regime": "subject",
            "default_billing_coefficient": "1.85",
            "invoice_prefix": "GEN",
            "director_email": "directrice.nouvelle@example.org",
        },
    ),
    # API
    "api:team-list": Case(
        read=DIRECTORS | {"planner_a", "planner_b"},
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {
            "email": "contact.api@example.org",
            "role": "member_contact",
            "member": str(w.member_a1.public_id),
        },
        api=True,
    ),
    "api:team-detail": Case(
        kwargs=_planner_a,
        read=frozenset({"director_a", "planner_a"}),
        write=frozenset({"director_a"}),
        methods=("PATCH",),
        data=lambda w: {"role": "accountant"},
        api=True,
    ),
    "api:billing-coefficient-list": Case(
        read=STAFF_A | STAFF_B,
        write=FINANCE,
        methods=("POST",),
        data=lambda w: {"coefficient": "1.900", "valid_from": "2026-01-01"},
        api=True,
    ),
    "api:cost-parameters-list": Case(
        read=STAFF_A | STAFF_B,
        write=FINANCE,
        methods=("POST",),
        data=lambda w: {"employer_contribution_rate": "42.00", "valid_from": "2026-01-01"},
        api=True,
    ),
    "api:minimum-wage-list": Case(
        read=STAFF_A | STAFF_B,
        write=FINANCE,
        methods=("POST",),
        data=lambda w: {"hourly_amount": "12.0200", "valid_from": "2026-01-01", "source": "Décret"},
        api=True,
    ),
    "api:true-up-list": Case(path=lambda w: "/api/v1/true-up/?year=2025", read=STAFF_A | STAFF_B, api=True),
    "api:true-up-apply": Case(
        get=False, write=FINANCE, methods=("POST",), data=lambda w: {"year": 2025}, api=True
    ),
}
