"""Access cases of insertion journeys (issue 14).

The person of the world is held by organisation x (partner_org is her référent), signs in as
person_x, and has consented that GE a reads her identity and plan (not her diagnostic). So:
partner_org reads and writes everything; GE a's professionals (director, planner, partner) read the
carnet's identity and plan but never the diagnostic and change nothing; GE b and everyone else get
404; the person reads her own space only.
"""

import datetime

from tests.access.matrix import EVERYONE, Case

HOLDER = frozenset({"partner_org"})
PROS_A = frozenset({"director_a", "planner_a", "partner_a"})
PROS_B = frozenset({"director_b", "planner_b", "partner_b"})
PROS = HOLDER | PROS_A | PROS_B
SHARED = HOLDER | PROS_A
PERSON = frozenset({"person_x"})
EDITORS = frozenset({"director_a", "planner_a", "director_b", "planner_b"})
LAST_NAME = "Parcours-Xray"

ANSWERS = {
    "situation_emploi": "sans_emploi",
    "projet_defini": "no",
    "disponibilite": "immediate",
    "besoin_formation": "no",
    "permis_b": "no",
    "logement_stable": "yes",
    "frein_sante": "no",
    "aisance_numerique": 3,
    "difficultes_budget": "no",
    "droits_a_jour": "yes",
}


def person(w):
    """The world's person and her records, created on demand (each test's rows are rolled back)."""
    from mutualis.accounts.models import Membership
    from mutualis.insertion import consents, services
    from mutualis.insertion.enums import GivenVia, Part, Purpose, TaskKind
    from mutualis.insertion.models import Beneficiary, FollowUpTask

    found = Beneficiary.objects.filter(last_name=LAST_NAME).select_related("follow_up").first()
    if found is not None:
        return found
    referent = Membership.objects.get(user=w.partner_org)
    beneficiary = services.create_beneficiary(
        actor=w.partner_org,
        membership=referent,
        first_name="Personne",
        last_name=LAST_NAME,
        email="px@example.org",
    )
    Beneficiary.objects.filter(pk=beneficiary.pk).update(user=w.person_x)
    beneficiary.refresh_from_db()
    services.record_diagnostic(actor=w.partner_org, beneficiary=beneficiary, answers=ANSWERS)
    axis = services.add_axis(actor=w.partner_org, follow_up=beneficiary.follow_up, theme="mobility")
    objective = services.add_objective(actor=w.partner_org, axis=axis, title="Objectif-Xray")
    services.add_action(actor=w.partner_org, objective=objective, title="Action-Xray")
    consents.grant(
        actor=w.partner_org,
        beneficiary=beneficiary,
        group=w.group_a,
        purpose=Purpose.POST_HIRE,
        parts=[Part.IDENTITY, Part.PLAN],
        given_via=GivenVia.SIGNED,
    )
    services.add_member(
        actor=w.partner_org,
        follow_up=beneficiary.follow_up,
        membership=Membership.objects.get(user=w.partner_a),
        role="readonly",
    )
    FollowUpTask.objects.create(
        follow_up=beneficiary.follow_up, kind=TaskKind.POST_HIRE_1, due_on=datetime.date(2026, 1, 5)
    )
    services.request_correction(actor=w.person_x, beneficiary=beneficiary, part="identity", message="Mon nom")
    services.submit_review(
        actor=w.partner_org, membership=referent, beneficiary=beneficiary, reason="Situation-Xray"
    )
    return beneficiary


def _fu(w):
    return {"public_id": person(w).follow_up.public_id}


def _of(getter):
    return lambda w: {"public_id": getter(person(w)).public_id}


def _diagnostic(b):
    return b.diagnostics.get()


def _axis(b):
    return b.follow_up.axes.get()


def _objective(b):
    return _axis(b).objectives.get()


def _action(b):
    return _objective(b).actions.get()


def _member(b):
    return b.follow_up.members.get(role="readonly")


def _task(b):
    return b.follow_up.tasks.get()


def _consent(b):
    return b.consents.get()


def _correction(b):
    return b.correction_requests.get()


def _review(b):
    return b.reviews.get()


def _template(w):
    from mutualis.insertion.services import current_template

    return {"public_id": current_template().public_id}


def _data(**values):
    return lambda w: values


def _beneficiary(w):
    return {"public_id": person(w).public_id}


def _api_consent(w):
    return {
        "beneficiary": str(person(w).public_id),
        "organisation": str(w.organisation_x.public_id),
        "purpose": "accompaniment",
        "parts": ["plan"],
        "given_via": "signed",
    }


PAGE_WRITE = {"get": False, "methods": ("POST",)}
PERSON_FORM = {"first_name": "Nouvelle", "last_name": "Personne", "education_level": "unknown"}

CASES = {
    # --- Professionals ---------------------------------------------------------------------------
    "insertion:caseload": Case(read=PROS),
    "insertion:beneficiary_create": Case(read=PROS, write=PROS, methods=("POST",), data=_data(**PERSON_FORM)),
    "insertion:follow_up": Case(kwargs=_fu, read=SHARED),
    "insertion:beneficiary_update": Case(
        kwargs=_fu, read=HOLDER, write=HOLDER, methods=("POST",), data=_data(**PERSON_FORM)
    ),
    "insertion:diagnostic_create": Case(
        kwargs=_fu, read=HOLDER, write=HOLDER, methods=("POST",), data=_data(q_permis_b="yes")
    ),
    "insertion:diagnostic": Case(kwargs=_of(_diagnostic), read=HOLDER),
    "insertion:axis_create": Case(kwargs=_fu, write=HOLDER, data=_data(theme="housing"), **PAGE_WRITE),
    "insertion:member_add": Case(
        kwargs=_fu, write=HOLDER, data=_data(username="planner_a", role="member"), **PAGE_WRITE
    ),
    "insertion:hire": Case(
        kwargs=_fu, write=HOLDER, data=_data(hired_on="2026-11-02", employer="Employeur-Xray"), **PAGE_WRITE
    ),
    "insertion:close": Case(kwargs=_fu, write=HOLDER, data=_data(exit_outcome="cdi"), **PAGE_WRITE),
    "insertion:outcome": Case(kwargs=_fu, write=HOLDER, data=_data(outcome="cdi"), **PAGE_WRITE),
    "insertion:person_account": Case(kwargs=_fu, write=HOLDER, **PAGE_WRITE),
    "insertion:consent_create": Case(
        kwargs=_fu,
        write=HOLDER,
        data=lambda w: {
            "grantee": f"organisation:{w.organisation_x.public_id}",
            "purpose": "accompaniment",
            "parts": ["plan"],
            "given_via": "signed",
        },
        **PAGE_WRITE,
    ),
    "insertion:review_submit": Case(
        kwargs=_fu, write=SHARED, data=_data(reason="Toujours rien"), **PAGE_WRITE
    ),
    "insertion:objective_create": Case(
        kwargs=_of(_axis),
        write=HOLDER,
        data=_data(title="Nouvel objectif", linked_contract="none"),
        **PAGE_WRITE,
    ),
    "insertion:objective_update": Case(
        kwargs=_of(_objective), write=HOLDER, data=_data(status="done"), **PAGE_WRITE
    ),
    "insertion:action_create": Case(
        kwargs=_of(_objective), write=HOLDER, data=_data(title="Nouvelle action"), **PAGE_WRITE
    ),
    "insertion:action_update": Case(
        kwargs=_of(_action), write=HOLDER, data=_data(status="done"), **PAGE_WRITE
    ),
    "insertion:member_end": Case(kwargs=_of(_member), write=HOLDER, data=_data(reason="Fin"), **PAGE_WRITE),
    "insertion:task_done": Case(kwargs=_of(_task), write=HOLDER, **PAGE_WRITE),
    "insertion:consent_revoke": Case(kwargs=_of(_consent), write=HOLDER, **PAGE_WRITE),
    "insertion:correction_answer": Case(
        kwargs=_of(_correction), write=HOLDER, data=_data(status="done", answer="Corrigé"), **PAGE_WRITE
    ),
    # --- Shared model, « sans solution », indicators ----------------------------------------------
    "insertion:templates": Case(read=PROS),
    "insertion:template": Case(
        kwargs=_template,
        read=PROS,
        write=EDITORS,
        methods=("POST",),
        data=_data(title="Modifié", schema="{}"),
    ),
    "insertion:template_new_version": Case(kwargs=_template, write=EDITORS, **PAGE_WRITE),
    "insertion:template_publish": Case(kwargs=_template, write=EDITORS, **PAGE_WRITE),
    "insertion:reviews": Case(read=PROS, shows={}),
    "insertion:review_decide": Case(
        kwargs=_of(_review),
        read=SHARED,
        write=SHARED,
        methods=("POST",),
        data=_data(meeting_on="2026-12-01", participants="A, B", decision="other", decision_note="Motif"),
    ),
    "insertion:indicators": Case(read=PROS),
    # --- The person's space -------------------------------------------------------------------------
    "insertion:login": Case(
        read=EVERYONE, write=EVERYONE, methods=("POST",), data=_data(email="px@example.org")
    ),
    "insertion:login_link": Case(
        kwargs=lambda w: {"uidb64": "MQ", "token": "jeton-invalide"},
        read=EVERYONE,
        write=EVERYONE,
        methods=("POST",),
    ),
    "insertion:my_journey": Case(kwargs=lambda w: (person(w), {})[1], read=PERSON),
    "insertion:my_objective_agree": Case(kwargs=_of(_objective), write=PERSON, **PAGE_WRITE),
    "insertion:my_data": Case(
        kwargs=lambda w: (person(w), {})[1],
        read=PERSON,
        write=PERSON,
        methods=("POST",),
        data=_data(part="plan", message="Corriger"),
    ),
    "insertion:my_export": Case(kwargs=lambda w: (person(w), {})[1], read=PERSON),
    "insertion:my_export_pdf": Case(kwargs=lambda w: (person(w), {})[1], read=PERSON, heavy=True),
    "insertion:my_consent_revoke": Case(kwargs=_of(_consent), write=PERSON, **PAGE_WRITE),
    # --- API --------------------------------------------------------------------------------------
    "api:beneficiary-list": Case(
        read=PROS, write=PROS, methods=("POST",), data=_data(**PERSON_FORM), api=True
    ),
    "api:beneficiary-detail": Case(
        kwargs=_beneficiary, read=SHARED, write=HOLDER, methods=("PATCH",), data=_data(city="Sées"), api=True
    ),
    "api:beneficiary-diagnostics": Case(
        kwargs=_beneficiary,
        read=HOLDER,
        write=HOLDER,
        methods=("POST",),
        data=_data(answers=ANSWERS),
        api=True,
    ),
    "api:diagnostic-template-list": Case(read=PROS, api=True),
    "api:diagnostic-template-detail": Case(kwargs=_template, read=PROS, api=True),
    "api:follow-up-list": Case(read=PROS, api=True),
    "api:follow-up-detail": Case(kwargs=_fu, read=SHARED, api=True),
    "api:follow-up-axes": Case(
        kwargs=_fu, read=SHARED, write=HOLDER, methods=("POST",), data=_data(theme="housing"), api=True
    ),
    "api:follow-up-objectives": Case(
        kwargs=_fu,
        read=SHARED,
        write=HOLDER,
        methods=("POST",),
        data=lambda w: {"axis": str(_axis(person(w)).public_id), "title": "Objectif API"},
        api=True,
    ),
    "api:follow-up-actions": Case(
        kwargs=_fu,
        read=SHARED,
        write=HOLDER,
        methods=("POST",),
        data=lambda w: {"objective": str(_objective(person(w)).public_id), "title": "Action API"},
        api=True,
    ),
    "api:follow-up-events": Case(kwargs=_fu, read=SHARED, api=True),
    "api:consent-list": Case(
        read=PROS | PERSON, write=HOLDER | PERSON, methods=("POST",), data=_api_consent, api=True
    ),
    "api:consent-detail": Case(
        kwargs=_of(_consent), read=HOLDER | PERSON, write=HOLDER | PERSON, methods=("DELETE",), api=True
    ),
    "api:me-journey-list": Case(kwargs=lambda w: (person(w), {})[1], read=PERSON, api=True),
    "api:me-export-list": Case(kwargs=lambda w: (person(w), {})[1], read=PERSON, api=True),
}
