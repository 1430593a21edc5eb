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
from tests.factories import ContractFactory, EmployeeFactory, MemberFactory, SiteFactory, SkillFactory
from tests.needs.factories import NeedFactory

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


# (URL name, persona, seed, API?)
CASES = {
    "members:list": ("director_a", _members, False),
    "members:sites": ("director_a", _sites, False),
    "employees:list": ("director_a", _employees, False),
    "employees:contracts": ("director_a", _contracts, False),
    "jobs:list": ("director_a", _jobs, False),
    "needs:list": ("planner_a", _needs, False),
    "imports:list": ("planner_a", _imports, False),
    "billing:settings": ("director_a", _membership_fees, False),
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
}


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
    return len(queries.captured_queries), [q["sql"] for q in queries.captured_queries]


@pytest.mark.django_db
@pytest.mark.parametrize("name", CASES)
def test_list_queries_do_not_grow_with_rows(personas, name):
    persona, seed, api = CASES[name]
    client = _client(personas, persona, api)
    url = reverse(name)
    client.get(url)  # warm caches that are filled once (site settings, content types…)
    seed(personas, N)
    few, few_sql = _count(client, url)
    seed(personas, 2 * N)
    many, many_sql = _count(client, url)
    extra = [sql for sql in many_sql if sql not in few_sql]
    assert many == few, (
        f"{name}: {few} queries for {N} rows, {many} for {3 * N}; new ones:\n  "
        + "\n  ".join(s[:200] for s in extra[:10])
    )
