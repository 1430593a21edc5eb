"""A list page (or API list) runs as many queries for 3N rows as for N: no N+1.

Each case seeds N rows of the list's objects in GE a (with the relations the page shows), renders
the list, seeds 2N more and renders it again; both renders must run exactly the same number of
queries. N × 3 stays under one page of results, so every row is shown both times.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token

from mutualis.billing.models import MembershipFee
from mutualis.imports.models import ImportBatch, ImportKind, ImportStatus
from mutualis.jobs.models import Job
from mutualis.recruitment.models import Candidate
from tests.factories import ContractFactory, EmployeeFactory, MemberFactory, SiteFactory, SkillFactory
from tests.needs.factories import NeedFactory
from tests.www.list_seeds import billing, insertion, offer, operations, territories, training
from tests.www.list_seeds.operations import url
from tests.www.list_seeds.territories import territory_query, territory_url

N = 3


def _members(p, n):
    for _ in range(n):
        SiteFactory(member=MemberFactory(group=p.group_a))


def _sites(p, n):
    for _ in range(n):
        SiteFactory(member=MemberFactory(group=p.group_a))


def _employees(p, n):
    for _ in range(n):
        employee = EmployeeFactory(group=p.group_a, home_site=SiteFactory(member=p.member_a1))
        employee.skills.add(SkillFactory())
        ContractFactory(employee=employee)


def _contracts(p, n):
    for _ in range(n):
        contract = ContractFactory(employee=EmployeeFactory(group=p.group_a))
        contract.potential_members.add(p.member_a1)
        contract.places.add(p.site_a1)


def _jobs(p, n):
    for i in range(n):
        Job.objects.create(kind="demo", label=f"Tâche {i}", group=p.group_a, owner=p.planner_a)


def _imports(p, n):
    for i in range(n):
        ImportBatch.objects.create(
            group=p.group_a,
            owner=p.planner_a,
            kind=ImportKind.MEMBERS,
            file=f"imports/{p.group_a.pk}/fichier-{i}.csv",
            original_name=f"Fichier-{i}.csv",
            status=ImportStatus.READY,
        )


def _membership_fees(p, n):
    """Fees of past years (in use once billed: one query per row, before)."""
    for _ in range(n):
        member = MemberFactory(group=p.group_a)
        for year in (2024, 2025):
            MembershipFee.objects.create(group=p.group_a, member=member, year=year, amount=Decimal("50"))


def _needs(p, n):
    for _ in range(n):
        NeedFactory(member=p.member_a1, site=p.site_a1)


def _invoices(p, n):
    """Draft invoices of new members, one hours line each."""
    import datetime

    from mutualis.billing.models import Invoice, InvoiceLine

    for _ in range(n):
        invoice = Invoice.objects.create(
            group=p.group_a, member=MemberFactory(group=p.group_a), period=datetime.date(2026, 10, 1)
        )
        InvoiceLine.objects.create(
            document=invoice,
            position=1,
            kind="hours",
            label="Heures",
            quantity=Decimal("1"),
            unit_price=Decimal("20"),
            amount=Decimal("20"),
        )


def _offers(p, n):
    from tests.recruitment.factories import make_offer

    for _ in range(n):
        make_offer(p)


def _candidates(p, n):
    from tests.recruitment.factories import make_candidate

    for i in range(n):
        make_candidate(
            p, last_name=f"Durand {i}", email=f"candidat-{i}-{Candidate.objects.count()}@example.org"
        )


def _funding_applications(p, n):
    from mutualis.funding.models import FundingCall
    from tests.funding.factories import amige_application

    call = FundingCall.objects.get(code="amige", version=1)
    for _ in range(n):
        amige_application(actor=p.director_a, group=p.group_a, call=call)


def _exchange_posts(p, n):
    """Posts of GE a, which shares with a territory (a post needs one)."""
    from mutualis.exchange import services as exchange_services
    from mutualis.territories import services as territory_services
    from mutualis.territories.models import Territory

    territory = Territory.objects.filter(name="Pays d'Alençon (liste)").first()
    if territory is None:
        territory = territory_services.create_territory(
            actor=None, name="Pays d'Alençon (liste)", kind="custom", commune_codes=["61001"]
        )
        territory_services.set_sharing(actor=None, group=p.group_a, territory=territory, exchange=True)
    for _ in range(n):
        exchange_services.publish_post(
            actor=None,
            group=p.group_a,
            kind="free_hours",
            job_title="Agent d'entretien",
            rome_code="K2204",
            weekly_minutes=600,
            windows=[(480, 720), (1920, 2160), (3360, 3600)],
            commune_code="61001",
        )


def _training_sessions(p, n):
    """Sessions of GE a, each with one enrolment (the page shows the seats left)."""
    import datetime

    from mutualis.training.models import (
        Enrolment,
        TrainingAction,
        TrainingBody,
        TrainingOffer,
        TrainingSession,
    )

    body = TrainingBody.objects.get_or_create(group=p.group_a, name="Organisme Test", siret="12345678900011")[
        0
    ]
    for _ in range(n):
        number = f"OF-{TrainingOffer.objects.count() + 1}"
        offer = TrainingOffer.objects.create(group=p.group_a, body=body, number=number, title="Formation")
        action = TrainingAction.objects.create(
            group=p.group_a, offer=offer, number=f"{number}-A", hours=Decimal("7"), price=Decimal("100")
        )
        start = datetime.date.today() + datetime.timedelta(days=10)
        session = TrainingSession.objects.create(
            group=p.group_a, action=action, number=f"{number}-S", starts_on=start, ends_on=start, places=3
        )
        Enrolment.objects.create(
            group=p.group_a, session=session, employee=EmployeeFactory(group=p.group_a), cost=Decimal("0")
        )


def _appointments(p, n):
    """Appointments one after the other (a participant cannot be in two at once)."""
    from mutualis.appointments.models import Appointment
    from tests.appointments.factories import future, make_appointment

    for _ in range(n):
        day = Appointment.objects.count() + 1
        make_appointment(
            actor=p.planner_a, group=p.group_a, starts_at=future(days=day), email=f"rdv-{day}@example.org"
        )


def _training_sales(p, n):
    from mutualis.training import services

    for i in range(n):
        services.sell_seats(
            group=p.group_a, buyer=p.member_a1, label=f"Conseil {i}", unit_price=Decimal("10")
        )


def _training_requests(p, n):
    from mutualis.training.models import TrainingRequest

    for i in range(n):
        TrainingRequest.objects.create(
            group=p.group_a, member=p.member_a1, employee=p.employee_a, subject=f"Demande {i}"
        )


def _training_plans(p, n):
    from mutualis.training import services
    from mutualis.training.models import TrainingPlan

    start = 2030 + TrainingPlan.objects.count()
    for i in range(n):
        plan = services.create_plan(group=p.group_a, year=start + i)
        services.add_plan_line(
            plan=plan,
            source="other",
            label="Besoin",
            employee=p.employee_a,
            cost=Decimal("10"),
            funder="OPCO",
        )


# URL name: (persona, seed, API?[, URL builder for a list reached with parameters])
CASES = {
    "members:list": ("director_a", _members, False),
    "members:sites": ("director_a", _sites, False),
    "employees:list": ("director_a", _employees, False),
    "employees:contracts": ("director_a", _contracts, False),
    "jobs:list": ("director_a", _jobs, False),
    "needs:list": ("planner_a", _needs, False),
    "imports:list": ("planner_a", _imports, False),
    "billing:settings": ("director_a", _membership_fees, False),
    "billing:invoices": ("director_a", _invoices, False),
    "recruitment:offers": ("planner_a", _offers, False),
    "recruitment:candidates": ("planner_a", _candidates, False),
    "funding:list": ("director_a", _funding_applications, False),
    "exchange:list": ("director_a", _exchange_posts, False),
    "training:list": ("director_a", _training_sessions, False),
    "appointments:list": ("planner_a", _appointments, False),
    "api:member-list": ("director_a", _members, True),
    "api:site-list": ("director_a", _sites, True),
    "api:employee-list": ("director_a", _employees, True),
    "api:contract-list": ("director_a", _contracts, True),
    "training:sales": ("director_a", _training_sales, False),
    "training:requests": ("director_a", _training_requests, False),
    "training:plans": ("director_a", _training_plans, False),
    "api:training-sale-list": ("director_a", _training_sales, True),
    "api:training-request-list": ("director_a", _training_requests, True),
    "api:training-plan-list": ("director_a", _training_plans, True),
    # Insertion journeys
    "insertion:caseload": ("partner_org", insertion.beneficiaries, False),
    "insertion:reviews": ("partner_org", insertion.reviews, False),
    "insertion:templates": ("partner_org", insertion.templates, False),
    "insertion:indicators": ("partner_org", insertion.beneficiaries, False),
    "insertion:my_journey": ("person_x", insertion.own_journey, False),
    "insertion:my_data": ("person_x", insertion.own_consents, False),
    "api:beneficiary-list": ("partner_org", insertion.beneficiaries, True),
    "api:follow-up-list": ("partner_org", insertion.beneficiaries, True),
    "api:consent-list": ("partner_org", insertion.beneficiaries, True),
    "api:diagnostic-template-list": ("partner_org", insertion.templates, True),
    "api:me-journey-list": ("person_x", insertion.own_journey, True),
    "api:me-export-list": ("person_x", insertion.own_journey, True),
    # The local offer
    "offer:search": ("director_a", offer.structures, False),
    "offer:analysis": ("director_a", offer.structures, False),
    "offer:my_services": ("partner_org", offer.services, False),
    "offer:orientations": ("partner_org", offer.orientations, False),
    "offer:imports": ("director_a", offer.imports, False),
    "api:offer-structure-list": ("director_a", offer.structures, True),
    "api:offer-service-list": ("partner_org", offer.services, True),
    "api:offer-search-list": ("director_a", offer.structures, True),
    "api:offer-orientation-list": ("partner_org", offer.orientations, True),
    "api:offer-import-list": ("director_a", offer.imports, True),
    # Territories, GE projects, the job exchange, the observatory and the GPEC
    "territories:list": ("officer_t", territories.territories, False),
    "territories:sharing": ("director_a", territories.territories, False),
    "territories:observatory": (
        "officer_t",
        territories.sharing_groups,
        False,
        territory_url("territories:observatory"),
    ),
    "territories:gpec": ("officer_t", territories.forecasts, False, territory_url("territories:gpec")),
    "ge_projects:list": ("officer_t", territories.projects, False),
    "api:territory-list": ("officer_t", territories.territories, True),
    "api:ge-project-list": ("officer_t", territories.projects, True),
    "api:observatory-indicator-list": (
        "officer_t",
        territories.sharing_groups,
        True,
        territory_query("api:observatory-indicator-list", "&quarter=2026-T3"),
    ),
    "api:gpec-forecast-list": (
        "officer_t",
        territories.forecasts,
        True,
        territory_query("api:gpec-forecast-list"),
    ),
    "api:exchange-post-list": ("director_a", territories.exchange_posts, True),
    "api:exchange-response-list": ("director_a", territories.exchange_responses, True),
    # Training
    "training:reviews": ("director_a", training.reviews, False),
    "api:training-body-list": ("director_a", training.bodies, True),
    "api:training-offer-list": ("director_a", training.offers, True),
    "api:training-session-list": ("director_a", _training_sessions, True),
    "api:enrolment-list": ("director_a", training.enrolments, True),
    "api:training-funding-list": ("director_a", training.fundings, True),
    "api:training-document-list": ("director_a", training.documents, True),
    "api:career-review-list": ("director_a", training.reviews, True),
    "api:training-plan-line-list": ("director_a", training.plan_lines, True),
    "api:training-certification-list": ("director_a", training.certifications, True),
    # Billing and e-invoicing
    "billing:runs": ("director_a", billing.runs, False),
    "billing:minimum_wages": ("director_a", billing.minimum_wages, False),
    "billing:balances": ("director_a", billing.payments, False),
    "billing:unpaid": ("director_a", billing.payments, False),
    "billing:accounting_export": (
        "director_a",
        billing.credit_notes,
        False,
        lambda p: reverse("billing:accounting_export") + billing.accounting_period(p),
    ),
    "einvoicing:dashboard": ("director_a", billing.deposits, False),
    "billing:equal_treatment": (
        "director_a",
        billing.billed_contracts,
        False,
        url("billing:equal_treatment", f"?year={billing.BILLED_YEAR}"),
    ),
    "billing:payroll_export": (
        "director_a",
        billing.payroll_hours,
        False,
        url("billing:payroll_export", "?month=2025-03"),
    ),
    "billing:aids": (
        "director_a",
        billing.aided_contracts,
        False,
        url("billing:aids", f"?year={billing.BILLED_YEAR}"),
    ),
    "billing:true_up": (
        "director_a",
        billing.true_up_year,
        False,
        url("billing:true_up", f"?year={billing.BILLED_YEAR}"),
    ),
    "api:true-up-list": (
        "director_a",
        billing.true_up_year,
        True,
        url("api:true-up-list", f"?year={billing.BILLED_YEAR}"),
    ),
    "api:billing-run-list": ("director_a", billing.runs, True),
    "api:invoice-list": ("director_a", billing.issued_invoices, True),
    "api:credit-note-list": ("director_a", billing.credit_notes, True),
    "api:payment-list": ("director_a", billing.payments, True),
    "api:billing-coefficient-list": ("director_a", billing.coefficients, True),
    "api:cost-parameters-list": ("director_a", billing.cost_parameters, True),
    "api:minimum-wage-list": ("director_a", billing.minimum_wages, True),
    "api:einvoicing-dashboard-list": ("director_a", billing.deposits, True),
    # Planning and timesheets
    "planning:group_week": (
        "planner_a",
        operations.assignments,
        False,
        url("planning:group_week", "?semaine=2025-01-06"),
    ),
    "planning:my_week": (
        "employee_user_a",
        operations.own_assignments,
        False,
        url("planning:my_week", "?semaine=2025-01-06"),
    ),
    "planning:my_month": (
        "employee_user_a",
        operations.own_assignments,
        False,
        url("planning:my_month", "?mois=2025-01"),
    ),
    "planning:priority_rules": ("planner_a", operations.priority_rules, False),
    "api:assignment-list": ("planner_a", operations.assignments, True),
    "api:absence-list": ("planner_a", operations.absences, True),
    "timesheets:overview": (
        "director_a",
        operations.timesheets,
        False,
        url("timesheets:overview", year=2025, month=3),
    ),
    "api:timesheet-list": ("director_a", operations.timesheets, True),
    "api:time-entry-list": ("director_a", operations.timesheets, True),
    # Needs and consolidation
    "needs:runs": ("planner_a", operations.needs_rows, False),
    "needs:positions": ("planner_a", operations.needs_rows, False),
    "needs:campaigns": ("planner_a", operations.needs_rows, False),
    "needs:studies": ("planner_a", operations.needs_rows, False),
    "api:need-list": ("planner_a", _needs, True),
    "api:consolidation-list": ("planner_a", operations.needs_rows, True),
    "api:position-list": ("planner_a", operations.needs_rows, True),
    "api:census-campaign-list": ("planner_a", operations.needs_rows, True),
    "home": ("director_a", operations.needs_rows, False),
    # Recruitment, appointments, funding
    "recruitment:public_offers": ("director_a", _offers, False),
    "recruitment:public_export": ("director_a", _offers, False),
    "recruitment:shortlist": ("contact_a1", operations.shortlisted, False),
    "recruitment:sent": ("partner_a", operations.sent_applications, False),
    "api:job-offer-list": ("planner_a", _offers, True),
    "api:candidate-list": ("planner_a", _candidates, True),
    "api:application-list": ("planner_a", operations.applications, True),
    "appointments:slots": ("planner_a", operations.slots, False),
    "api:appointment-list": ("planner_a", _appointments, True),
    "api:funding-application-list": ("director_a", _funding_applications, True),
    "api:funding-call-list": ("director_a", operations.funding_calls, True),
    # The team and the skills referential
    "administration:team": ("director_a", operations.team, False),
    "api:team-list": ("director_a", operations.team, True),
    "api:membership-list": ("director_a", operations.own_memberships, True),
    "referential:skills": (
        "director_a",
        operations.listed_skills,
        False,
        url("referential:skills", "?q=liste"),
    ),
    "referential:skill_options": (
        "director_a",
        operations.listed_skills,
        False,
        url("referential:skill_options", "?q=liste"),
    ),
    "api:skill-list": ("director_a", operations.listed_skills, True, url("api:skill-list", "?q=liste")),
    "billing:economic_model": ("director_a", billing.issued_invoices, False),
    "offer:export": (
        "director_a",
        offer.structures,
        False,
        url("offer:export", "?format=csv&liste=structures"),
    ),
}


# Pages that show counts or totals of the seeded rows, not one line per row: the same length twice.
COUNTS_ONLY = {"insertion:indicators", "offer:analysis", "billing:economic_model"}


def _client(personas, persona, api):
    user = personas[persona]
    if api:
        token, _ = Token.objects.get_or_create(user=user)
        return Client(headers={"authorization": f"Token {token.key}"})
    client = Client()
    client.force_login(user)
    return client


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return len(queries.captured_queries), [q["sql"] for q in queries.captured_queries], content


@pytest.mark.django_db
@pytest.mark.parametrize("name", CASES)
def test_list_queries_do_not_grow_with_rows(personas, name):
    persona, seed, api, *url_of = CASES[name]
    client = _client(personas, persona, api)
    url = url_of[0](personas) if url_of else reverse(name)
    client.get(url)  # warm caches that are filled once (site settings, content types…)
    seed(personas, N)
    few, few_sql, few_content = _count(client, url)
    seed(personas, 2 * N)
    many, many_sql, many_content = _count(client, url)
    if name not in COUNTS_ONLY:
        assert len(many_content) > len(few_content), f"{name}: the seeded rows do not show on the list"
    extra = [sql for sql in many_sql if sql not in few_sql]
    assert many == few, (
        f"{name}: {few} queries for {N} rows, {many} for {3 * N}; new ones:\n  "
        + "\n  ".join(s[:200] for s in extra[:10])
    )
