"""Access cases of the funding pages and API (issue 16, item 6).

GE staff read their GE's applications; directors and planners write them; the accountant also
records spending and evidence after the grant; an outside organisation's users (partner_org) see
only their organisation's applications (none of GE a's). Calls are readable by any signed-in user
through the API, and on the pages by those who may prepare an application.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from ..matrix import AUTHENTICATED, STAFF_A, STAFF_B, WRITERS_A, WRITERS_B, Case

READERS = STAFF_A | STAFF_B | {"partner_org"}
WRITERS = WRITERS_A | WRITERS_B | {"partner_org"}


def _call(w):
    from mutualis.funding.models import FundingCall

    return FundingCall.objects.get(code="spie", version=1)


def _lines():
    return [
        {"action": "Équipe-Accès", "category": "coordination_staff", "unit_cost": "9000", "quantity": "1"},
        {"action": "Déplacements-Accès", "category": "mission_costs", "unit_cost": "1000", "quantity": "1"},
    ]


def _sources():
    return [{"kind": "state", "amount": "8000"}, {"kind": "self", "amount": "2000"}]


def _axes(call):
    return [
        {
            "code": a["code"],
            "title": a["title"],
            "objectives": "o",
            "actions": "a",
            "public": "p",
            "indicators": [{"label": "Indicateur-Accès", "kind": "results", "target": "5"}],
        }
        for a in call.required_axes
    ]


def _draft_a(w):
    from mutualis.funding import services
    from mutualis.funding.models import FundingApplication

    existing = FundingApplication.objects.filter(group=w.group_a, title="Demande-Alpha").first()
    if existing is not None:
        return existing
    call = _call(w)
    return services.create_application(
        actor=w.director_a,
        group=w.group_a,
        call=call,
        title="Demande-Alpha",
        axes=_axes(call),
        budget_lines=_lines(),
        sources=_sources(),
        consortium=[{"name": "Membre-Accès", "role": "lead"}],
    )


def _granted_a(w):
    from mutualis.funding import services
    from mutualis.funding.models import FundingApplication

    existing = FundingApplication.objects.filter(group=w.group_a, title="Subvention-Alpha").first()
    if existing is not None:
        return existing
    call = _call(w)
    application = services.create_application(
        actor=w.director_a,
        group=w.group_a,
        call=call,
        title="Subvention-Alpha",
        duration_months=24,
        axes=_axes(call),
        budget_lines=_lines(),
        sources=_sources(),
    )
    services.submit_application(actor=w.director_a, application=application)
    services.record_decision(actor=w.director_a, application=application, granted=True, amount="8000")
    line = application.budget_lines.first()
    expense = services.record_expense(
        actor=w.accountant_a,
        application=application,
        budget_line=line,
        spent_on="2026-11-02",
        label="Paie",
        amount="100",
    )
    services.add_evidence(
        actor=w.accountant_a,
        application=application,
        file=SimpleUploadedFile("bulletin.pdf", b"%PDF-1.4"),
        title="Pièce-Accès",
        expense=expense,
    )
    return application


def _draft(w):
    return {"public_id": _draft_a(w).public_id}


def _granted(w):
    return {"public_id": _granted_a(w).public_id}


def _formset(prefix, rows):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for n, row in enumerate(rows):
        data.update({f"{prefix}-{n}-{k}": v for k, v in row.items()})
    return data


def _budget_form(w):
    return {**_formset("lignes", _lines()), **_formset("financements", _sources())}


def _line_id(w):
    return str(_granted_a(w).budget_lines.first().public_id)


def _indicator_id(w):
    return str(_granted_a(w).axes.first().indicators.first().public_id)


def _axis_form(w):
    return {
        "axe-code": "axe1",
        "axe-title": "Axe-Accès",
        "axe-objectives": "o",
        "axe-actions": "a",
        "axe-public": "p",
        **_formset("indicateurs", [{"label": "Indicateur-Accès", "kind": "results"}]),
    }


CASES = {
    "funding:list": Case(read=READERS | {"officer_t"}),
    "funding:call": Case(kwargs=lambda w: {"public_id": _call(w).public_id}, read=READERS | {"officer_t"}),
    "funding:create": Case(
        read=WRITERS | {"officer_t"},
        write=WRITERS | {"officer_t"},
        methods=("POST",),
        data=lambda w: {"call": str(_call(w).public_id), "title": "Sonde"},
    ),
    "funding:detail": Case(kwargs=_draft, read=STAFF_A),
    "funding:update": Case(
        kwargs=_draft,
        read=WRITERS_A,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"title": "Demande-Alpha"},
    ),
    "funding:budget": Case(
        kwargs=_draft, read=WRITERS_A, write=WRITERS_A, methods=("POST",), data=_budget_form
    ),
    "funding:budget_check": Case(
        kwargs=_draft, write=WRITERS_A, methods=("POST",), data=_budget_form, get=False
    ),
    "funding:consortium": Case(
        kwargs=_draft,
        read=WRITERS_A,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: _formset("membres", [{"name": "Membre-Accès", "role": "lead"}]),
    ),
    "funding:letter": Case(
        kwargs=_draft,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {
            "member": str(_draft_a(w).consortium.first().public_id),
            "letter": SimpleUploadedFile("lettre.pdf", b"%PDF-1.4"),
        },
        get=False,
    ),
    "funding:axis": Case(
        kwargs=lambda w: {**_draft(w), "position": 1},
        read=WRITERS_A,
        write=WRITERS_A,
        methods=("POST",),
        data=_axis_form,
    ),
    "funding:export": Case(kwargs=lambda w: {**_draft(w), "fmt": "xlsx"}, read=STAFF_A, heavy=True),
    "funding:submit": Case(kwargs=_draft, write=WRITERS_A, methods=("POST",), get=False),
    "funding:decision": Case(
        kwargs=_draft, write=WRITERS_A, methods=("POST",), data=lambda w: {"granted": "0"}, get=False
    ),
    "funding:expense": Case(
        kwargs=_granted,
        write=STAFF_A,
        methods=("POST",),
        data=lambda w: {
            "budget_line": _line_id(w),
            "spent_on": "2026-11-03",
            "label": "Paie",
            "amount": "10",
        },
        get=False,
    ),
    "funding:evidence": Case(
        kwargs=_granted,
        write=STAFF_A,
        methods=("POST",),
        data=lambda w: {"title": "Pièce", "file": SimpleUploadedFile("p.pdf", b"%PDF-1.4")},
        get=False,
    ),
    "funding:evidence_file": Case(
        kwargs=lambda w: {**_granted(w), "evidence_id": _granted_a(w).evidence.first().public_id},
        read=STAFF_A,
        heavy=True,
    ),
    "funding:report": Case(
        kwargs=_granted,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"indicator": _indicator_id(w), "period_end": "2026-12-31", "value": "3"},
        get=False,
    ),
    "api:funding-call-list": Case(read=AUTHENTICATED, api=True),
    "api:funding-call-detail": Case(
        kwargs=lambda w: {"public_id": _call(w).public_id}, read=AUTHENTICATED, api=True
    ),
    # A territorial body (the CRGE of officer_t) is an outside organisation too: it may apply (AMIGE
    # funds CRGE projects) and sees only its own applications.
    "api:funding-application-list": Case(
        read=READERS | {"officer_t"},
        write=WRITERS | {"officer_t"},
        methods=("POST",),
        data=lambda w: {"call": str(_call(w).public_id), "title": "Sonde"},
        api=True,
    ),
    "api:funding-application-detail": Case(
        kwargs=_draft,
        read=STAFF_A,
        write=WRITERS_A,
        methods=("PATCH",),
        data=lambda w: {"title": "Demande-Alpha"},
        api=True,
    ),
    "api:funding-application-check": Case(kwargs=_draft, read=STAFF_A, api=True),
    "api:funding-application-export": Case(
        path=lambda w: f"/api/v1/funding/applications/{_draft_a(w).public_id}/export/?format=xlsx",
        read=STAFF_A,
        api=True,
        heavy=True,
    ),
    "api:funding-application-submit": Case(
        kwargs=_draft, write=WRITERS_A, methods=("POST",), get=False, api=True
    ),
    "api:funding-application-decision": Case(
        kwargs=_draft,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"granted": False},
        get=False,
        api=True,
    ),
    "api:funding-application-expenses": Case(
        kwargs=_granted,
        read=STAFF_A,
        write=STAFF_A,
        methods=("POST",),
        data=lambda w: {
            "budget_line": _line_id(w),
            "spent_on": "2026-11-03",
            "label": "Paie",
            "amount": "10",
        },
        api=True,
    ),
    "api:funding-application-evidence": Case(
        kwargs=_granted,
        read=STAFF_A,
        write=STAFF_A,
        methods=("POST",),
        data=lambda w: {"title": "Pièce"},
        api=True,
    ),
    "api:funding-application-indicator-reports": Case(
        kwargs=_granted,
        read=STAFF_A,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"indicator": _indicator_id(w), "period_end": "2026-12-31", "value": "3"},
        api=True,
    ),
}
