"""The access registry: one Case per URL pattern name (see matrix.Case for the fields).

Every URL pattern of the project must have a case here, or be classified by `matrix.generic_case`
(the admin, the debug media server); test_matrix fails and lists the patterns that have none.
Build URLs from objects of GE a and member a1 (`w.member_a1.public_id`, `w.employee_a.public_id`…):
personas of GE b, contact_a2, partners, observers, the outsider and anonymous visitors then prove
that foreign data stays out of reach. For a page that accepts POST, give `methods=("POST",)` and
`data=` a VALID form, so that only the permission check can refuse it; put in `write` only the
personas entitled to send THAT data (data naming member a1: WRITERS_A and contact_a1, not GE b's).

Beyond read/write: `shows={"member_a1": STAFF_A}` (readers must find it), `variants=EXPORTS` (the
list's CSV/XLSX exports), `heavy=True` (generated PDFs: one reader), `api=True` (token + session),
`sample`/`probe` (fewer personas where they are all refused alike). Every 200 answer is searched
for the names and public ids of objects the persona may not see (matrix.VISIBLE); every refused
write, and a stray POST to routes that declare none, must leave the database unchanged.
"""

from .matrix import (
    AUTHENTICATED,
    EVERYONE,
    STAFF_A,
    STAFF_B,
    WRITERS_A,
    WRITERS_B,
    Case,
)

PUBLIC = Case(read=EVERYONE)
STAFF = STAFF_A | STAFF_B
WRITERS = WRITERS_A | WRITERS_B
WITH_MEMBERSHIP = AUTHENTICATED - {"outsider", "superuser"}
# The exports of a list page (mutualis/www/tables.py) must hold exactly what the page shows.
EXPORTS = ("?_export=csv", "?_export=xlsx")


def pid(key):
    """URL kwargs {"public_id": …} of a world object."""
    return lambda w: {"public_id": w[key].public_id}


def ids(w, *keys):
    return [str(w[key].public_id) for key in keys]


# --- Valid data for write probes (only the permission check may refuse them) -------------------


def member_form(w):
    return {
        "name": "Adhérent-Pirate",
        "kind": "company",
        "siret": "73282932000074",
        "vat_status": "subject",
        "joined_on": "2025-01-01",
        "deposit": "0",
    }


def site_form(w):
    return {"name": "Site-Pirate", "city": "Alençon", "postcode": "61000"}


def employee_form(w):
    return {"first_name": "Pirate", "last_name": "Pirate", "postcode": "61000"}


def contract_form(w):
    return {
        "kind": "cdi",
        "job_title": "Poste-Pirate",
        "weekly_hours": "24",
        "gross_hourly_wage": "12.5",
        "start_date": "2025-01-01",
        "potential_members": [w.member_a1.pk],
        "places": [w.site_a1.pk],
    }


def api_site(w):
    return {**site_form(w), "member": str(w.member_a1.public_id)}


def api_employee(w):
    return {**employee_form(w), "home_site": str(w.site_a1.public_id)}


def api_contract(w):
    return {
        **contract_form(w),
        "employee": str(w.employee_a.public_id),
        "potential_members": ids(w, "member_a1"),
        "places": ids(w, "site_a1"),
    }


def api_resource(name, key, data, *, list_read, detail_read, list_writers=WRITERS_A, shows_to=None):
    """The list and detail routes of one API resource, probed with objects of GE a."""
    shows_to = detail_read if shows_to is None else shows_to
    return {
        f"api:{name}-list": Case(
            read=list_read,
            write=list_writers,
            methods=("POST",),
            data=data,
            api=True,
            shows={key: shows_to},
        ),
        f"api:{name}-detail": Case(
            kwargs=pid(key),
            read=detail_read,
            write=WRITERS_A,
            methods=("PUT", "PATCH", "DELETE"),
            data=data,
            api=True,
            shows={key: detail_read},
        ),
        # POST only; a no-op on an active object, so a refusal shows in the status.
        f"api:{name}-unarchive": Case(
            kwargs=pid(key), get=False, write=WRITERS_A, methods=("POST",), api=True
        ),
    }


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
    # --- Members and sites (pages) --------------------------------------------------------------
    "members:list": Case(read=STAFF, shows={"member_a1": STAFF_A}, variants=EXPORTS),
    "members:create": Case(read=WRITERS, write=WRITERS, methods=("POST",), data=member_form),
    "members:detail": Case(
        kwargs=pid("member_a1"), read=STAFF_A | {"contact_a1"}, shows={"member_a1": STAFF_A | {"contact_a1"}}
    ),
    "members:update": Case(
        kwargs=pid("member_a1"), read=WRITERS_A, write=WRITERS_A, methods=("POST",), data=member_form
    ),
    "members:archive": Case(kwargs=pid("member_a1"), get=False, write=WRITERS_A, methods=("POST",)),
    "members:unarchive": Case(kwargs=pid("member_a1"), get=False, write=WRITERS_A, methods=("POST",)),
    "members:site_create": Case(
        kwargs=pid("member_a1"), read=WRITERS_A, write=WRITERS_A, methods=("POST",), data=site_form
    ),
    "members:sites": Case(read=STAFF, shows={"site_a1": STAFF_A}, variants=EXPORTS),
    "members:site_detail": Case(
        kwargs=pid("site_a1"), read=STAFF_A | {"contact_a1"}, shows={"site_a1": STAFF_A | {"contact_a1"}}
    ),
    "members:site_update": Case(
        kwargs=pid("site_a1"), read=WRITERS_A, write=WRITERS_A, methods=("POST",), data=site_form
    ),
    "members:site_archive": Case(kwargs=pid("site_a1"), get=False, write=WRITERS_A, methods=("POST",)),
    "members:site_unarchive": Case(kwargs=pid("site_a1"), get=False, write=WRITERS_A, methods=("POST",)),
    # --- Employees and contracts (pages) --------------------------------------------------------
    "employees:list": Case(read=STAFF, shows={"employee_a": STAFF_A}, variants=EXPORTS),
    "employees:create": Case(read=WRITERS, write=WRITERS, methods=("POST",), data=employee_form),
    "employees:detail": Case(
        kwargs=pid("employee_a"),
        read=STAFF_A | {"employee_user_a"},
        shows={"employee_a": STAFF_A | {"employee_user_a"}},
    ),
    "employees:update": Case(
        kwargs=pid("employee_a"), read=WRITERS_A, write=WRITERS_A, methods=("POST",), data=employee_form
    ),
    "employees:archive": Case(kwargs=pid("employee_a"), get=False, write=WRITERS_A, methods=("POST",)),
    "employees:unarchive": Case(kwargs=pid("employee_a"), get=False, write=WRITERS_A, methods=("POST",)),
    "employees:contract_create": Case(
        kwargs=pid("employee_a"), read=WRITERS_A, write=WRITERS_A, methods=("POST",), data=contract_form
    ),
    "employees:contracts": Case(read=STAFF, shows={"contract_a": STAFF_A}, variants=EXPORTS),
    "employees:contract_detail": Case(
        kwargs=pid("contract_a"),
        read=STAFF_A | {"employee_user_a"},
        shows={"contract_a": STAFF_A | {"employee_user_a"}},
    ),
    "employees:contract_update": Case(
        kwargs=pid("contract_a"), read=WRITERS_A, write=WRITERS_A, methods=("POST",), data=contract_form
    ),
    "employees:contract_archive": Case(
        kwargs=pid("contract_a"), get=False, write=WRITERS_A, methods=("POST",)
    ),
    "employees:contract_unarchive": Case(
        kwargs=pid("contract_a"), get=False, write=WRITERS_A, methods=("POST",)
    ),
    "employees:contract_annex_pdf": Case(
        kwargs=pid("contract_a"), read=STAFF_A | {"employee_user_a"}, heavy=True
    ),
    # --- Imports --------------------------------------------------------------------------------
    # Staff read the history; directors and planners upload (a refused upload saves nothing).
    "imports:list": Case(read=STAFF, write=WRITERS, methods=("POST",), shows={"import_a": STAFF_A}),
    "imports:template": Case(kwargs=lambda w: {"kind": "members", "fmt": "csv"}, read=STAFF),
    "imports:detail": Case(kwargs=pid("import_a"), read=STAFF_A, shows={"import_a": STAFF_A}),
    "imports:confirm": Case(kwargs=pid("import_a"), get=False, write=WRITERS_A, methods=("POST",)),
    # --- Background jobs ------------------------------------------------------------------------
    # Everyone lists the jobs they may see (staff: their GE's; others: their own, none here).
    "jobs:list": Case(read=AUTHENTICATED, shows={"job_a": STAFF_A}),
    "jobs:detail": Case(kwargs=pid("job_a"), read=STAFF_A, shows={"job_a": STAFF_A}),
    "jobs:progress": Case(kwargs=pid("job_a"), read=STAFF_A),
    # The job's owner (director_a) or the GE's director may cancel it.
    "jobs:cancel": Case(kwargs=pid("job_a"), get=False, write=frozenset({"director_a"}), methods=("POST",)),
    # --- REST API -------------------------------------------------------------------------------
    # The schema describes the API and holds no data; it takes a while to build, so a few personas do.
    "api-schema": Case(
        read=EVERYONE, sample=frozenset({"anonymous", "outsider", "contact_a1", "director_b"})
    ),
    "api-docs": PUBLIC,
    "api:api-root": Case(read=AUTHENTICATED, api=True),
    # Lists answer 200 to every authenticated user, filtered to what they may see (markers prove it).
    **api_resource(
        "member",
        "member_a1",
        lambda w: member_form(w),
        list_read=AUTHENTICATED,
        detail_read=STAFF_A | {"contact_a1"},
        # A member's data names no other object: GE b's writers create in GE b, legitimately.
        list_writers=WRITERS,
    ),
    **api_resource(
        "site", "site_a1", api_site, list_read=AUTHENTICATED, detail_read=STAFF_A | {"contact_a1"}
    ),
    **api_resource(
        "employee",
        "employee_a",
        api_employee,
        list_read=AUTHENTICATED,
        detail_read=STAFF_A | {"employee_user_a"},
    ),
    **api_resource(
        "contract",
        "contract_a",
        api_contract,
        list_read=AUTHENTICATED,
        detail_read=STAFF_A | {"employee_user_a"},
    ),
    # The shared skills referential: read-only, for anyone acting for an organisation.
    "api:skill-list": Case(read=AUTHENTICATED, api=True),
    "api:skill-detail": Case(kwargs=lambda w: {"code": w.skill.code}, read=WITH_MEMBERSHIP, api=True),
    # The caller's own memberships only (what to send in X-Mutualis-Organisation).
    "api:membership-list": Case(read=AUTHENTICATED, api=True),
}


# --- Planning (issue 5): one employee's week, placement agreements, working-time rules -----------
from .matrix import STAFF_A, STAFF_B, WRITERS_A  # noqa: E402


def _planning_assignment(world):
    """An assignment of employee a at member a1 (created on demand: each test's rows are rolled back)."""
    from mutualis.planning.models import Assignment
    from tests.factories import AssignmentFactory

    assignment = Assignment.objects.filter(group=world.group_a, employee=world.employee_a).first()
    if assignment is None:
        assignment = AssignmentFactory(employee=world.employee_a, member=world.member_a1, site=world.site_a1)
    return {"public_id": assignment.public_id}


def _planning_rule(world):
    from mutualis.planning.models import WorkingTimeRule
    from mutualis.planning.services import ensure_default_rules

    ensure_default_rules(world.group_a)
    rule = WorkingTimeRule.objects.get(group=world.group_a, code="max_daily_minutes")
    return {"public_id": rule.public_id}


CASES.update(
    {
        "planning:employee_week": Case(
            kwargs=lambda w: {"public_id": w.employee_a.public_id},
            read=STAFF_A,
            shows={"employee_a": STAFF_A},
        ),
        # GE staff and the contacts of that member (who see the employees their contracts list).
        "planning:agreement_pdf": Case(
            kwargs=lambda w: {"member_id": w.member_a1.public_id, "employee_id": w.employee_a.public_id},
            read=STAFF_A | {"contact_a1"},
            heavy=True,
        ),
        "planning:assignment_create": Case(
            kwargs=lambda w: {"public_id": w.employee_a.public_id},
            read=WRITERS_A,
            write=WRITERS_A,
            methods=("POST",),
            data=lambda w: {
                "member": w.member_a1.pk,
                "site": w.site_a1.pk,
                "start_date": "2025-01-06",
                "status": "active",
                "slots-TOTAL_FORMS": "1",
                "slots-INITIAL_FORMS": "0",
                "slots-0-weekday": "0",
                "slots-0-start_time": "08:00",
                "slots-0-end_time": "12:00",
            },
        ),
        "planning:absence_create": Case(
            kwargs=lambda w: {"public_id": w.employee_a.public_id},
            read=WRITERS_A,
            write=WRITERS_A,
            methods=("POST",),
            data=lambda w: {"kind": "paid_leave", "start_date": "2025-01-06", "end_date": "2025-01-06"},
        ),
        "planning:exception_create": Case(
            kwargs=_planning_assignment,
            read=WRITERS_A,
            write=WRITERS_A,
            methods=("POST",),
            data=lambda w: {"kind": "cancelled", "date": "2025-01-06"},
        ),
        "planning:assignment_update": Case(
            kwargs=_planning_assignment,
            read=WRITERS_A,
            write=WRITERS_A,
            methods=("POST",),
            data=lambda w: {
                "member": w.member_a1.pk,
                "site": w.site_a1.pk,
                "start_date": "2025-01-06",
                "status": "active",
                "slots-TOTAL_FORMS": "1",
                "slots-INITIAL_FORMS": "0",
                "slots-0-weekday": "1",
                "slots-0-start_time": "08:00",
                "slots-0-end_time": "12:00",
            },
        ),
        "planning:assignment_end": Case(
            kwargs=_planning_assignment,
            read=WRITERS_A,
            write=WRITERS_A,
            methods=("POST",),
            data=lambda w: {"end_date": "2025-01-31"},
        ),
        "planning:rules": Case(read=STAFF_A | STAFF_B),
        "planning:rule_update": Case(
            kwargs=_planning_rule,
            read=frozenset({"director_a"}),
            write=frozenset({"director_a"}),
            methods=("POST",),
            data=lambda w: {"limit": "600", "is_active": "on", "note": ""},
        ),
    }
)


# --- Needs and consolidation (issue 4) --------------------------------------------------------------

from .matrix import STAFF_A, STAFF_B, WRITERS_A, WRITERS_B  # noqa: E402


def _need_a1(world):
    """An open need of member a1 (created on demand: each test's rows are rolled back)."""
    from mutualis.needs.models import Need
    from tests.needs.factories import NeedFactory

    need = Need.objects.filter(member=world.member_a1).first()
    return need or NeedFactory(member=world.member_a1, site=world.site_a1)


def _run_a(world):
    from mutualis.needs.models import ConsolidationRun

    run = ConsolidationRun.objects.filter(group=world.group_a).first()
    return run or ConsolidationRun.objects.create(group=world.group_a, instance={"version": 1, "needs": []})


_NEED_READERS = STAFF_A | STAFF_B | {"contact_a1", "contact_a2", "contact_b1"}
_NEED_DECLARERS = WRITERS_A | WRITERS_B | {"contact_a1", "contact_a2", "contact_b1"}


def _need_form(world):
    return {
        "member": str(world.member_a1.public_id),
        "site": str(world.site_a1.public_id),
        "job_title": "Agent d'entretien",
        "rome_code": "K2204",
        "kind": "fixed",
        "status": "open",
        "slots-TOTAL_FORMS": "1",
        "slots-INITIAL_FORMS": "0",
        "slots-0-weekday": "4",
        "slots-0-start": "14:00",
        "slots-0-end": "17:00",
        "windows-TOTAL_FORMS": "0",
        "windows-INITIAL_FORMS": "0",
    }


def _run_form(world):
    return {
        "max_weekly_hours": "35",
        "min_weekly_hours": "0",
        "max_daily_hours": "10",
        "min_daily_rest_hours": "11",
        "max_members_per_position": "4",
        "travel_speed_kmh": "40",
        "time_limit_seconds": "1",
        "seed": "0",
    }


CASES.update(
    {
        "needs:list": Case(read=_NEED_READERS),
        # The form names member a1: only its GE's writers and its contact may send it; GE b's writers
        # and the other contacts are probed and must be refused.
        "needs:create": Case(
            read=_NEED_DECLARERS, write=WRITERS_A | {"contact_a1"}, methods=("POST",), data=_need_form
        ),
        "needs:detail": Case(
            kwargs=lambda w: {"public_id": _need_a1(w).public_id},
            read=STAFF_A | {"contact_a1"},
            shows={"member_a1": STAFF_A | {"contact_a1"}},
        ),
        "needs:update": Case(
            kwargs=lambda w: {"public_id": _need_a1(w).public_id},
            read=WRITERS_A | {"contact_a1"},
            write=WRITERS_A | {"contact_a1"},
            methods=("POST",),
            data=_need_form,
        ),
        "needs:withdraw": Case(
            kwargs=lambda w: {"public_id": _need_a1(w).public_id},
            get=False,
            write=WRITERS_A | {"contact_a1"},
            methods=("POST",),
        ),
        "needs:runs": Case(read=STAFF_A | STAFF_B),
        "needs:run_create": Case(
            read=WRITERS_A | WRITERS_B, write=WRITERS_A | WRITERS_B, methods=("POST",), data=_run_form
        ),
        "needs:run_detail": Case(kwargs=lambda w: {"public_id": _run_a(w).public_id}, read=STAFF_A),
        "needs:run_accept": Case(
            kwargs=lambda w: {"public_id": _run_a(w).public_id},
            get=False,
            write=WRITERS_A,
            methods=("POST",),
            data=lambda w: {"positions": ["p1"]},
        ),
        "needs:run_instance": Case(kwargs=lambda w: {"public_id": _run_a(w).public_id}, read=STAFF_A),
        "needs:positions": Case(read=_NEED_READERS),
    }
)


def _campaign_a(world):
    from mutualis.needs.models import CensusCampaign
    from tests.needs.factories import CensusCampaignFactory, CensusDeclarationFactory

    campaign = CensusCampaign.objects.filter(group=world.group_a).first() or CensusCampaignFactory(
        group=world.group_a
    )
    if not campaign.declarations.exists():
        CensusDeclarationFactory(campaign=campaign)
    return campaign


def _campaign_form(world):
    return {
        "name": "Recensement",
        "territory": "Pays d'Alençon",
        "opens_on": "2025-01-01",
        "closes_on": "2099-12-31",
        "status": "open",
    }


CASES.update(
    {
        "needs:campaigns": Case(read=STAFF_A | STAFF_B),
        "needs:campaign_create": Case(
            read=WRITERS_A | WRITERS_B, write=WRITERS_A | WRITERS_B, methods=("POST",), data=_campaign_form
        ),
        "needs:campaign_detail": Case(kwargs=lambda w: {"public_id": _campaign_a(w).public_id}, read=STAFF_A),
        "needs:campaign_status": Case(
            kwargs=lambda w: {"public_id": _campaign_a(w).public_id},
            get=False,
            write=WRITERS_A,
            methods=("POST",),
            data=lambda w: {"status": "closed"},
        ),
        # Public census pages: anyone, without an account, through unguessable tokens.
        "needs:census_form": Case(
            kwargs=lambda w: {"token": _campaign_a(w).token}, read=EVERYONE, write=EVERYONE, methods=("POST",)
        ),
        "needs:census_confirm": Case(
            kwargs=lambda w: {"token": _campaign_a(w).declarations.first().confirmation_token},
            read=EVERYONE,
            write=EVERYONE,
            methods=("POST",),
        ),
    }
)


def _position_a1(world):
    from mutualis.needs.models import Position

    position = Position.objects.filter(group=world.group_a).first()
    if position is None:
        position = Position.objects.create(
            group=world.group_a, title="Agent d'entretien", weekly_minutes=1440
        )
        position.members.add(world.member_a1)
        position.needs.add(_need_a1(world))
    return position


def _api_need(world):
    return {
        "member": str(world.member_a1.public_id),
        "site": str(world.site_a1.public_id),
        "job_title": "Agent d'entretien",
        "kind": "fixed",
        "slots": [{"start": 8040, "end": 8280}],
    }


CASES.update(
    {
        "api:need-list": Case(
            read=AUTHENTICATED, write=WRITERS_A | {"contact_a1"}, methods=("POST",), data=_api_need, api=True
        ),
        "api:need-detail": Case(
            kwargs=lambda w: {"public_id": _need_a1(w).public_id},
            read=STAFF_A | {"contact_a1"},
            write=WRITERS_A | {"contact_a1"},
            methods=("PUT", "PATCH", "DELETE"),
            data=_api_need,
            api=True,
        ),
        "api:census-campaign-list": Case(read=AUTHENTICATED, api=True),
        "api:census-campaign-detail": Case(
            kwargs=lambda w: {"public_id": _campaign_a(w).public_id}, read=STAFF_A, api=True
        ),
        "api:consolidation-list": Case(
            read=AUTHENTICATED,
            write=WRITERS_A | WRITERS_B,
            methods=("POST",),
            data=lambda w: {"params": {"min_weekly_minutes": 0}, "time_limit_seconds": 1},
            api=True,
        ),
        "api:consolidation-detail": Case(
            kwargs=lambda w: {"public_id": _run_a(w).public_id},
            read=STAFF_A,
            methods=("PUT", "PATCH", "DELETE"),
            api=True,
        ),
        "api:position-list": Case(read=AUTHENTICATED, api=True),
        "api:position-detail": Case(
            kwargs=lambda w: {"public_id": _position_a1(w).public_id}, read=STAFF_A | {"contact_a1"}, api=True
        ),
    }
)


def _finished_run_a(world):
    """A succeeded run of GE a with an empty plan (enough for the feasibility report)."""
    from mutualis.needs.models import ConsolidationRun, RunStatus

    plan = {"version": 1, "status": "feasible", "positions": [], "unassigned": [], "stats": {}}
    return ConsolidationRun.objects.create(
        group=world.group_a, status=RunStatus.SUCCEEDED, instance={"version": 1, "needs": []}, plan=plan
    )


def _run_with_study_pdf_a(world):
    """A finished run of GE a whose study PDF was built (the file stands for the job's output: the
    build itself is tested in tests/needs/test_study_pdf.py)."""
    from django.core.files.base import ContentFile

    run = _finished_run_a(world)
    run.study_pdf.save("etude-acces.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    return run


CASES.update(
    {
        "needs:run_report": Case(kwargs=lambda w: {"public_id": _finished_run_a(w).public_id}, read=STAFF_A),
        # The PDF is built by a job and read back through this view, never served as media.
        "needs:run_study_pdf": Case(
            kwargs=lambda w: {"public_id": _run_with_study_pdf_a(w).public_id}, read=STAFF_A, heavy=True
        ),
        # Whoever may read the run may have its study built (a job, no business data changed).
        "needs:run_study_pdf_build": Case(
            kwargs=lambda w: {"public_id": _finished_run_a(w).public_id},
            get=False,
            write=STAFF_A,
            methods=("POST",),
        ),
    }
)


CASES["needs:run_compare"] = Case(read=STAFF_A | STAFF_B)


# --- Planning grids, moves, conflicts and priority rules (issue 5, second part) ----------------------


def _planning_priority_rule(world):
    from mutualis.planning.models import PriorityRule

    rule = PriorityRule.objects.filter(group=world.group_a).first() or PriorityRule.objects.create(
        group=world.group_a,
        prevailing_member=world.member_a1,
        yielding_member=world.member_a2,
        reason="emergency",
    )
    return {"public_id": rule.public_id}


CASES.update(
    {
        "planning:group_week": Case(read=STAFF_A | STAFF_B, variants=EXPORTS),
        "planning:full_check": Case(
            get=False,
            write=WRITERS_A | WRITERS_B,
            methods=("POST",),
            data=lambda w: {"semaine": "2025-01-06"},
        ),
        "planning:my_week": Case(read=frozenset({"employee_user_a", "employee_user_b"})),
        "planning:my_month": Case(read=frozenset({"employee_user_a", "employee_user_b"})),
        # GE staff and the contacts of that member (read-only).
        "planning:member_week": Case(
            kwargs=lambda w: {"public_id": w.member_a1.public_id},
            read=STAFF_A | {"contact_a1"},
            shows={"member_a1": STAFF_A | {"contact_a1"}},
        ),
        "planning:employee_month": Case(
            kwargs=lambda w: {"public_id": w.employee_a.public_id},
            read=STAFF_A,
            shows={"employee_a": STAFF_A},
        ),
        "planning:employee_conflicts": Case(
            kwargs=lambda w: {"public_id": w.employee_a.public_id},
            read=STAFF_A,
            write=WRITERS_A,
            methods=("POST",),
            data=lambda w: {
                "semaine": "2025-01-06",
                "day": "2025-01-06",
                "keep": _planning_assignment(w)["public_id"],
                "drop": _planning_assignment(w)["public_id"],
            },
        ),
        "planning:block_move": Case(
            kwargs=_planning_assignment,
            read=WRITERS_A,
            write=WRITERS_A,
            methods=("POST",),
            data=lambda w: {
                "date": "2025-01-06",
                "new_date": "2025-01-07",
                "start_time": "08:00",
                "end_time": "12:00",
            },
        ),
        "planning:priority_rules": Case(
            read=STAFF_A | STAFF_B,
            # The data names members of GE a: GE b's writers are probed and must be refused.
            write=WRITERS_A,
            methods=("POST",),
            data=lambda w: {
                "prevailing_member": w.member_a1.pk,
                "yielding_member": w.member_a2.pk,
                "reason": "emergency",
            },
        ),
        "planning:priority_rule_delete": Case(
            kwargs=_planning_priority_rule,
            get=False,
            write=WRITERS_A,
            methods=("POST",),
        ),
    }
)


# --- Timesheets, calendars, exports (issue 5) ---------------------------------------------------------

from .matrix import AUTHENTICATED, EVERYONE, STAFF_A, STAFF_B, WRITERS_A, WRITERS_B  # noqa: E402

_TS_MONTH = {"year": 2025, "month": 3}
_TS_READERS_A = STAFF_A | {"contact_a1", "employee_user_a"}
_TS_AUTHORS_A = WRITERS_A | {"employee_user_a"}


def _timesheet_a1(world):
    """Employee a's March 2025 timesheet at member a1, with one entry on Monday 3 March."""
    import datetime as dt

    from mutualis.timesheets.models import TimeEntry, Timesheet

    sheet, created = Timesheet.objects.get_or_create(
        group=world.group_a,
        employee=world.employee_a,
        member=world.member_a1,
        month=dt.date(2025, 3, 1),
        defaults={"contract": world.contract_a},
    )
    if created:
        start = dt.datetime(2025, 3, 3, 8, tzinfo=dt.UTC)
        TimeEntry.objects.create(
            group=world.group_a,
            timesheet=sheet,
            date=dt.date(2025, 3, 3),
            site=world.site_a1,
            planned_start=start,
            planned_end=start + dt.timedelta(hours=4),
            planned_minutes=240,
            actual_start=start,
            actual_end=start + dt.timedelta(hours=4),
            actual_minutes=240,
        )
    return sheet


def _entry_a1(world):
    return _timesheet_a1(world).entries.get()


def _calendar_token(world, kind):
    """A calendar token of GE a (made beforehand, so that reading the page writes nothing)."""
    from mutualis.timesheets.models import CalendarToken

    if kind == "employee":
        token, _ = CalendarToken.objects.get_or_create(
            employee=world.employee_a, defaults={"group": world.group_a, "kind": "employee"}
        )
    else:
        token, _ = CalendarToken.objects.get_or_create(
            member=world.member_a1, defaults={"group": world.group_a, "kind": "member"}
        )
    return token


def _feed_token(world):
    """The feed of an employee of GE a without any planning: the feed needs no login, only the
    token, and must answer 200 to anyone (its contents are tested in tests/www/timesheets)."""
    from mutualis.timesheets.models import CalendarToken

    token = CalendarToken.objects.filter(group=world.group_a, employee__last_name="Sans-Planning").first()
    if token is None:
        employee = factories.EmployeeFactory(
            group=world.group_a, first_name="Flux", last_name="Sans-Planning"
        )
        token = CalendarToken.objects.create(group=world.group_a, employee=employee, kind="employee")
    return {"token": token.token}


def _absence_a(world):
    from mutualis.planning.models import Absence

    return Absence.objects.filter(employee=world.employee_a).first() or factories.AbsenceFactory(
        employee=world.employee_a
    )


def _api_assignment(world):
    return {
        "employee": str(world.employee_a.public_id),
        "member": str(world.member_a1.public_id),
        "site": str(world.site_a1.public_id),
        "start_date": "2025-01-06",
        "status": "active",
        "slots": [{"weekday": 1, "start_time": "09:00", "end_time": "12:00"}],
    }


def _api_absence(world):
    return {
        "employee": str(world.employee_a.public_id),
        "kind": "paid_leave",
        "start": "2025-03-10T00:00:00+01:00",
        "end": "2025-03-11T00:00:00+01:00",
    }


def _assignment_with_contract(world):
    """Assignment a with employee a's contract, which member contacts may not read."""
    from mutualis.planning.models import Assignment

    kwargs = _planning_assignment(world)
    Assignment.objects.filter(public_id=kwargs["public_id"]).update(contract=world.contract_a)
    return kwargs


def _ts_kwargs_none(world):
    """The world's March 2025 timesheet exists; the URL takes no kwargs."""
    _timesheet_a1(world)
    return {}


def _ts_anomalies_path(world):
    _timesheet_a1(world)
    return "/api/v1/timesheets/anomalies/?month=2025-03"


def _ts_kwargs(world):
    _timesheet_a1(world)
    return dict(_TS_MONTH)


from tests import factories  # noqa: E402

CASES.update(
    {
        # Staff, contacts and employees are sent to their month; others have nothing here.
        "timesheets:index": Case(
            read=STAFF_A
            | STAFF_B
            | {"contact_a1", "contact_a2", "contact_b1", "employee_user_a", "employee_user_b"},
            read_status=frozenset({302}),
        ),
        "timesheets:overview": Case(
            kwargs=_ts_kwargs, read=STAFF_A | STAFF_B, shows={"employee_a": STAFF_A, "member_a1": STAFF_A}
        ),
        "timesheets:generate": Case(
            kwargs=_ts_kwargs, get=False, write=WRITERS_A | WRITERS_B, methods=("POST",)
        ),
        "timesheets:close": Case(
            kwargs=_ts_kwargs,
            get=False,
            write=WRITERS_A | WRITERS_B,
            methods=("POST",),
            data=lambda w: {"force": "on"},
        ),
        "timesheets:remind": Case(
            kwargs=_ts_kwargs, get=False, write=WRITERS_A | WRITERS_B, methods=("POST",)
        ),
        "timesheets:export": Case(
            kwargs=lambda w: {**_ts_kwargs(w), "fmt": "csv"},
            read=STAFF_A | STAFF_B,
            shows={"employee_a": STAFF_A},
        ),
        "timesheets:employee_month": Case(
            kwargs=lambda w: {"public_id": _timesheet_a1(w).employee.public_id, **_TS_MONTH},
            read=STAFF_A | {"employee_user_a"},
            shows={"member_a1": STAFF_A | {"employee_user_a"}},
        ),
        "timesheets:member_month": Case(
            kwargs=lambda w: {"public_id": _timesheet_a1(w).member.public_id, **_TS_MONTH},
            read=STAFF_A | {"contact_a1"},
            shows={"employee_a": STAFF_A | {"contact_a1"}},
        ),
        "timesheets:detail": Case(
            kwargs=lambda w: {"public_id": _timesheet_a1(w).public_id},
            read=_TS_READERS_A,
            shows={"employee_a": _TS_READERS_A, "member_a1": _TS_READERS_A},
        ),
        "timesheets:submit": Case(
            kwargs=lambda w: {"public_id": _timesheet_a1(w).public_id},
            get=False,
            write=_TS_AUTHORS_A,
            methods=("POST",),
        ),
        "timesheets:validate": Case(
            kwargs=lambda w: {"public_id": _timesheet_a1(w).public_id},
            get=False,
            write=frozenset({"contact_a1"}),
            methods=("POST",),
        ),
        "timesheets:dispute": Case(
            kwargs=lambda w: {"public_id": _timesheet_a1(w).public_id},
            get=False,
            write=frozenset({"contact_a1"}),
            methods=("POST",),
            data=lambda w: {"day": "2025-03-03", "comment": "Absent ce jour-là"},
        ),
        "timesheets:entry_correct": Case(
            kwargs=lambda w: {"public_id": _entry_a1(w).public_id},
            read=_TS_AUTHORS_A,
            write=_TS_AUTHORS_A,
            methods=("POST",),
            data=lambda w: {"actual_start": "08:00", "actual_end": "12:30", "comment": ""},
        ),
        "timesheets:calendar_employee": Case(
            kwargs=lambda w: {"public_id": _calendar_token(w, "employee").employee.public_id},
            read=STAFF_A | {"employee_user_a"},
            write=STAFF_A | {"employee_user_a"},
            methods=("POST",),
        ),
        "timesheets:calendar_member": Case(
            kwargs=lambda w: {"public_id": _calendar_token(w, "member").member.public_id},
            read=STAFF_A | {"contact_a1"},
            write=STAFF_A | {"contact_a1"},
            methods=("POST",),
        ),
        # No login: the secret token is the credential (a wrong or regenerated one answers 404).
        "timesheets:calendar_feed": Case(kwargs=_feed_token, read=EVERYONE),
        # --- API ---
        "api:assignment-list": Case(
            read=AUTHENTICATED, write=WRITERS_A, methods=("POST",), data=_api_assignment, api=True
        ),
        "api:assignment-violations": Case(kwargs=_assignment_with_contract, read=STAFF_A, api=True),
        "api:assignment-employee-violations": Case(
            path=lambda w: f"/api/v1/assignments/employee-violations/?employee={w.employee_a.public_id}",
            read=STAFF_A,
            api=True,
        ),
        "api:assignment-detail": Case(
            kwargs=_assignment_with_contract,
            read=_TS_READERS_A,
            write=WRITERS_A,
            methods=("PUT", "PATCH"),
            data=_api_assignment,
            api=True,
            shows={"employee_a": _TS_READERS_A},
        ),
        "api:absence-list": Case(
            read=AUTHENTICATED, write=WRITERS_A, methods=("POST",), data=_api_absence, api=True
        ),
        "api:absence-detail": Case(
            kwargs=lambda w: {"public_id": _absence_a(w).public_id},
            read=STAFF_A | {"employee_user_a"},
            api=True,
            shows={"employee_a": STAFF_A | {"employee_user_a"}},
        ),
        "api:timesheet-list": Case(read=AUTHENTICATED, api=True),
        "api:timesheet-detail": Case(
            kwargs=lambda w: {"public_id": _timesheet_a1(w).public_id},
            read=_TS_READERS_A,
            api=True,
            shows={"employee_a": _TS_READERS_A, "member_a1": _TS_READERS_A},
        ),
        "api:timesheet-submit": Case(
            kwargs=lambda w: {"public_id": _timesheet_a1(w).public_id},
            get=False,
            write=_TS_AUTHORS_A,
            methods=("POST",),
            api=True,
        ),
        "api:timesheet-validate": Case(
            kwargs=lambda w: {"public_id": _timesheet_a1(w).public_id},
            get=False,
            write=frozenset({"contact_a1"}),
            methods=("POST",),
            api=True,
        ),
        "api:timesheet-dispute": Case(
            kwargs=lambda w: {"public_id": _timesheet_a1(w).public_id},
            get=False,
            write=frozenset({"contact_a1"}),
            methods=("POST",),
            data=lambda w: {"day": "2025-03-03", "comment": "Absent ce jour-là"},
            api=True,
        ),
        "api:time-entry-list": Case(read=AUTHENTICATED, api=True),
        "api:time-entry-detail": Case(
            kwargs=lambda w: {"public_id": _entry_a1(w).public_id},
            read=_TS_READERS_A,
            write=_TS_AUTHORS_A,
            methods=("PATCH",),
            data=lambda w: {"actual_start": "08:00", "actual_end": "12:30"},
            api=True,
            shows={"site_a1": _TS_READERS_A},
        ),
        # The month's actions (issue 11): directors and planners of each GE, on their own GE.
        "api:timesheet-generate": Case(
            kwargs=_ts_kwargs_none,
            get=False,
            write=WRITERS_A | WRITERS_B,
            methods=("POST",),
            data=lambda w: {"month": "2025-03"},
            api=True,
        ),
        "api:timesheet-close": Case(
            kwargs=_ts_kwargs_none,
            get=False,
            write=WRITERS_A | WRITERS_B,
            methods=("POST",),
            data=lambda w: {"month": "2025-03", "force": True, "anomalies_reviewed": True},
            api=True,
        ),
        "api:timesheet-anomalies": Case(
            path=_ts_anomalies_path,
            read=WRITERS_A | WRITERS_B,
            api=True,
        ),
    }
)


def _failed_run_a(world):
    """A run of GE a whose job failed (its worker died): « Relancer » queues the same job again."""
    from mutualis.jobs.models import Job, JobStatus
    from mutualis.needs.models import ConsolidationRun, RunStatus

    job = Job.objects.create(group=world.group_a, kind="needs.consolidate", status=JobStatus.FAILED)
    return ConsolidationRun.objects.create(
        group=world.group_a, status=RunStatus.FAILED, job=job, instance={"version": 1, "needs": []}
    )


CASES["needs:run_retry"] = Case(
    kwargs=lambda w: {"public_id": _failed_run_a(w).public_id}, get=False, write=WRITERS_A, methods=("POST",)
)
CASES["api:consolidation-retry"] = Case(
    kwargs=lambda w: {"public_id": _failed_run_a(w).public_id},
    get=False,
    write=WRITERS_A,
    methods=("POST",),
    api=True,
)
CASES["imports:retry"] = Case(kwargs=pid("import_a"), get=False, write=WRITERS_A, methods=("POST",))
CASES["needs:run_rerun"] = Case(
    kwargs=lambda w: {"public_id": _run_a(w).public_id},
    get=False,
    write=WRITERS_A,
    methods=("POST",),
    data=lambda w: {"lock": ["p1"]},
)


def _needs_file(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = f"siret_adherent;emploi;type;creneaux\n{world.member_a1.siret};Agent;fixe;samedi 08:00-12:00\n"
    return {
        "file": SimpleUploadedFile("besoins.csv", text.encode(), content_type="text/csv"),
        "mode": "valid",
    }


CASES["needs:import"] = Case(
    read=WRITERS_A | WRITERS_B, write=WRITERS_A | WRITERS_B, methods=("POST",), data=_needs_file
)


# --- Billing (issue 6): runs, invoices, credit notes, payments, settings, reports, exports, API ------

from .matrix import AUTHENTICATED, STAFF_A, STAFF_B, WRITERS_A, WRITERS_B, Case  # noqa: E402

# Billing settings, payments, reminders and the true-up: the director and the accountant.
_FINANCE_A = frozenset({"director_a", "accountant_a"})
_FINANCE_B = frozenset({"director_b", "accountant_b"})
_INVOICE_READERS_A = STAFF_A | {"contact_a1"}


def _billing_run_a(world):
    from mutualis.billing.models import BillingRun, RunStatus

    run = BillingRun.objects.filter(group=world.group_a).first()
    return run or BillingRun.objects.create(group=world.group_a, month="2026-10-01", status=RunStatus.DRAFTED)


def _blocked_run_a(world):
    """A run of GE a blocked by missing cost parameters (no invoice)."""
    from mutualis.billing.models import BillingRun, RunStatus

    run = BillingRun.objects.filter(group=world.group_a, status=RunStatus.BLOCKED).first()
    return run or BillingRun.objects.create(
        group=world.group_a,
        month="2026-09-01",
        status=RunStatus.BLOCKED,
        problems=["paramètres de coût manquants au 01/09/2026 : impossible de tarifer X"],
        problem_codes=["cost_parameters"],
    )


def _invoice_a1(world):
    """An issued invoice of member a1 (one hours line of employee a), made without a billing run."""
    import datetime
    from decimal import Decimal

    from mutualis.billing.models import DocumentStatus, Invoice, InvoiceLine

    invoice = Invoice.objects.filter(member=world.member_a1, status=DocumentStatus.ISSUED).first()
    if invoice is not None:
        return invoice
    invoice = Invoice.objects.create(
        group=world.group_a,
        member=world.member_a1,
        period=datetime.date(2026, 10, 1),
        hours=Decimal("10"),
        vat_rate=Decimal("20"),
        total_excl_tax=Decimal("233.75"),
        vat_amount=Decimal("46.75"),
        total_incl_tax=Decimal("280.50"),
    )
    InvoiceLine.objects.create(
        document=invoice,
        position=1,
        kind="hours",
        label=f"{world.employee_a.full_name} — Agent",
        quantity=Decimal("10"),
        unit_price=Decimal("23.375"),
        amount=Decimal("233.75"),
        employee=world.employee_a,
        contract=world.contract_a,
    )
    Invoice.objects.filter(pk=invoice.pk)._transition(
        status=DocumentStatus.ISSUED,
        year=2026,
        sequence=1,
        number=f"{world.group_a.invoice_prefix}-F2026-00001",
        issue_date=datetime.date(2026, 11, 2),
        due_date=datetime.date(2026, 12, 2),
    )
    invoice.refresh_from_db()
    return invoice


def _credit_note_a1(world):
    from mutualis.billing import services
    from mutualis.billing.models import CreditNote

    note = CreditNote.objects.filter(member=world.member_a1).first()
    return note or services.issue_credit_note(
        invoice=_invoice_a1(world), reason="Geste", lines=[("Remise", "1.00")]
    )


def _payment_a1(world):
    import datetime
    from decimal import Decimal

    from mutualis.billing.models import Payment

    invoice = _invoice_a1(world)
    payment = Payment.objects.filter(invoice=invoice).first()
    return payment or Payment.objects.create(
        group=world.group_a,
        member=world.member_a1,
        invoice=invoice,
        amount=Decimal("10.00"),
        received_on=datetime.date(2026, 11, 10),
        method="transfer",
    )


def _future_coefficient_a(world):
    import datetime
    from decimal import Decimal

    from mutualis.billing.models import BillingCoefficient

    row = BillingCoefficient.objects.filter(group=world.group_a).first()
    return row or BillingCoefficient.objects.create(
        group=world.group_a, coefficient=Decimal("1.9"), valid_from=datetime.date(2099, 1, 1)
    )


def _payment_form(world):
    return {"amount": "1.00", "received_on": "2026-11-15", "method": "transfer", "reference": ""}


def _api_payment(world):
    return {**_payment_form(world), "invoice": str(_invoice_a1(world).public_id)}


_NOT_ALLOWED = ("PUT", "PATCH", "DELETE")


def _after(builder):
    """URL kwargs of a list page ({}), once `builder` made the object the list must show."""

    def kwargs(world):
        builder(world)
        return {}

    return kwargs


CASES.update(
    {
        # Pages: staff read; directors and planners run and issue; director and accountant handle
        # settings, payments, reminders and the true-up; a member contact reads its issued invoices.
        "billing:runs": Case(read=STAFF_A | STAFF_B),
        "billing:run_start": Case(
            get=False,
            write=_FINANCE_A | _FINANCE_B,
            methods=("POST",),
            data=lambda w: {"month": "2026-10", "mode": "actual"},
        ),
        "billing:run_detail": Case(kwargs=lambda w: {"public_id": _billing_run_a(w).public_id}, read=STAFF_A),
        "billing:run_issue": Case(
            kwargs=lambda w: {"public_id": _billing_run_a(w).public_id},
            get=False,
            write=_FINANCE_A,
            methods=("POST",),
            data=lambda w: {"confirm": "on"},
        ),
        "billing:run_retry": Case(
            kwargs=lambda w: {"public_id": _blocked_run_a(w).public_id},
            get=False,
            write=_FINANCE_A,
            methods=("POST",),
        ),
        "billing:run_delete": Case(
            kwargs=lambda w: {"public_id": _blocked_run_a(w).public_id},
            get=False,
            write=_FINANCE_A,
            methods=("POST",),
        ),
        "billing:minimum_wages": Case(
            read=STAFF_A | STAFF_B,
            write=_FINANCE_A | _FINANCE_B,
            methods=("POST",),
            data=lambda w: {
                "hourly_amount": "11.88",
                "valid_from": "2024-11-01",
                "source": "Décret n° 2024-951",
            },
        ),
        "billing:invoices": Case(
            read=STAFF_A | STAFF_B | {"contact_a1", "contact_a2", "contact_b1"},
            kwargs=_after(_invoice_a1),
            shows={"member_a1": _INVOICE_READERS_A},
        ),
        "billing:invoice_detail": Case(
            kwargs=lambda w: {"public_id": _invoice_a1(w).public_id},
            read=_INVOICE_READERS_A,
            shows={"member_a1": _INVOICE_READERS_A},
        ),
        "billing:invoice_pdf": Case(
            kwargs=lambda w: {"public_id": _invoice_a1(w).public_id}, read=_INVOICE_READERS_A, heavy=True
        ),
        "billing:invoice_facturx": Case(
            kwargs=lambda w: {"public_id": _invoice_a1(w).public_id}, read=_INVOICE_READERS_A, heavy=True
        ),
        "billing:credit_note_create": Case(
            kwargs=lambda w: {"public_id": _invoice_a1(w).public_id},
            get=False,
            write=_FINANCE_A,
            methods=("POST",),
            data=lambda w: {"reason": "Erreur"},
        ),
        "billing:credit_note_pdf": Case(
            kwargs=lambda w: {"public_id": _credit_note_a1(w).public_id}, read=_INVOICE_READERS_A, heavy=True
        ),
        "billing:payment_create": Case(
            kwargs=lambda w: {"public_id": _invoice_a1(w).public_id},
            read=_FINANCE_A,
            write=_FINANCE_A,
            methods=("POST",),
            data=_payment_form,
        ),
        "billing:balances": Case(read=STAFF_A | STAFF_B),
        "billing:aids": Case(read=STAFF_A | STAFF_B),
        "billing:accounting_export": Case(read=STAFF_A | STAFF_B),
        "billing:unpaid": Case(read=STAFF_A | STAFF_B),
        "billing:reminders_send": Case(get=False, write=_FINANCE_A | _FINANCE_B, methods=("POST",)),
        "billing:true_up": Case(
            read=STAFF_A | STAFF_B,
            write=_FINANCE_A | _FINANCE_B,
            methods=("POST",),
            data=lambda w: {"year": "2026"},
        ),
        "billing:settings": Case(
            read=STAFF_A | STAFF_B,
            write=_FINANCE_A | _FINANCE_B,
            methods=("POST",),
            data=lambda w: {"reminder_interval_days": "10"},
        ),
        "billing:rate_create": Case(
            kwargs=lambda w: {"kind": "coefficients"},
            read=_FINANCE_A | _FINANCE_B,
            write=_FINANCE_A | _FINANCE_B,
            methods=("POST",),
            data=lambda w: {
                "coefficient": "1.950",
                "contract_kind": "",
                "rome_code": "",
                "valid_from": "2098-01-01",
            },
        ),
        "billing:rate_delete": Case(
            kwargs=lambda w: {"kind": "coefficients", "public_id": _future_coefficient_a(w).public_id},
            get=False,
            write=_FINANCE_A,
            methods=("POST",),
        ),
        "billing:equal_treatment": Case(read=STAFF_A | STAFF_B),
        "billing:economic_model": Case(read=STAFF_A | STAFF_B),
        "billing:payroll_export": Case(read=STAFF_A | STAFF_B),
        # API: lists answer every authenticated user, filtered; details follow the pages.
        "api:billing-run-list": Case(
            read=AUTHENTICATED,
            write=_FINANCE_A | _FINANCE_B,
            methods=("POST",),
            data=lambda w: {"month": "2026-10"},
            api=True,
        ),
        "api:billing-run-detail": Case(
            kwargs=lambda w: {"public_id": _blocked_run_a(w).public_id},
            read=STAFF_A,
            write=_FINANCE_A,
            methods=_NOT_ALLOWED,
            api=True,
        ),
        "api:billing-run-issue": Case(
            kwargs=lambda w: {"public_id": _billing_run_a(w).public_id},
            get=False,
            write=_FINANCE_A,
            methods=("POST",),
            api=True,
        ),
        "api:billing-run-retry": Case(
            kwargs=lambda w: {"public_id": _blocked_run_a(w).public_id},
            get=False,
            write=_FINANCE_A,
            methods=("POST",),
            api=True,
        ),
        "api:invoice-list": Case(
            read=AUTHENTICATED,
            methods=("POST",),
            api=True,
            kwargs=_after(_invoice_a1),
            shows={"member_a1": _INVOICE_READERS_A},
        ),
        "api:invoice-detail": Case(
            kwargs=lambda w: {"public_id": _invoice_a1(w).public_id},
            read=_INVOICE_READERS_A,
            methods=_NOT_ALLOWED,
            api=True,
            shows={"member_a1": _INVOICE_READERS_A},
        ),
        "api:invoice-pdf": Case(
            kwargs=lambda w: {"public_id": _invoice_a1(w).public_id},
            read=_INVOICE_READERS_A,
            api=True,
            heavy=True,
        ),
        "api:invoice-facturx": Case(
            kwargs=lambda w: {"public_id": _invoice_a1(w).public_id},
            read=_INVOICE_READERS_A,
            api=True,
            heavy=True,
        ),
        "api:credit-note-list": Case(
            read=AUTHENTICATED,
            write=_FINANCE_A,
            methods=("POST",),
            data=lambda w: {
                "invoice": str(_invoice_a1(w).public_id),
                "reason": "Erreur de saisie",
                "lines": [{"label": "Correction", "amount": "1.00"}],
            },
            api=True,
        ),
        "api:credit-note-detail": Case(
            kwargs=lambda w: {"public_id": _credit_note_a1(w).public_id},
            read=_INVOICE_READERS_A,
            methods=_NOT_ALLOWED,
            api=True,
        ),
        "api:credit-note-facturx": Case(
            kwargs=lambda w: {"public_id": _credit_note_a1(w).public_id},
            read=_INVOICE_READERS_A,
            api=True,
            heavy=True,
        ),
        "api:payment-list": Case(
            read=AUTHENTICATED, write=_FINANCE_A, methods=("POST",), data=_api_payment, api=True
        ),
        "api:payment-detail": Case(
            kwargs=lambda w: {"public_id": _payment_a1(w).public_id},
            read=_INVOICE_READERS_A,
            methods=_NOT_ALLOWED,
            api=True,
        ),
    }
)


def _planning_check_job(world):
    """A finished full check of GE a, started by its director."""
    from mutualis.jobs.models import Job

    job = Job.objects.filter(group=world.group_a, kind="planning.full_check").first()
    if job is None:
        job = Job.objects.create(
            group=world.group_a,
            owner=world.director_a,
            kind="planning.full_check",
            status="succeeded",
            result={"summary": "0 infraction", "violations": []},
        )
    return {"public_id": job.public_id}


CASES["planning:check_result"] = Case(kwargs=_planning_check_job, read=STAFF_A)
CASES["needs:position_detail"] = Case(
    kwargs=lambda w: {"public_id": _position_a1(w).public_id}, read=STAFF_A | {"contact_a1"}
)


def _campaign_run_a(world):
    """A finished study of GE a's campaign (empty plan)."""
    from mutualis.needs.models import ConsolidationRun, RunStatus

    plan = {"version": 1, "status": "feasible", "positions": [], "unassigned": [], "stats": {}}
    return ConsolidationRun.objects.create(
        group=world.group_a,
        campaign=_campaign_a(world),
        status=RunStatus.SUCCEEDED,
        instance={"version": 1, "needs": []},
        plan=plan,
    )


_STUDY_READERS = STAFF_A | STAFF_B | {"observer_a", "observer_b"}
CASES.update(
    {
        "needs:studies": Case(read=_STUDY_READERS),
        "needs:study_start": Case(
            kwargs=lambda w: {"public_id": _campaign_a(w).public_id},
            get=False,
            write=WRITERS_A | {"observer_a"},
            methods=("POST",),
        ),
        "needs:study": Case(
            kwargs=lambda w: {"public_id": _campaign_run_a(w).public_id}, read=STAFF_A | {"observer_a"}
        ),
    }
)


# --- Newer domains: one module each in tests/access/domains/ -----------------------------------
from .domains import collect as _collect_domain_cases  # noqa: E402

_DOMAIN_CASES = _collect_domain_cases()
assert not set(_DOMAIN_CASES) & set(CASES), sorted(set(_DOMAIN_CASES) & set(CASES))
CASES.update(_DOMAIN_CASES)
