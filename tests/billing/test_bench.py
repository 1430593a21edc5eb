"""A billing run on a large GE (1,000 employees, 400 members, ~20,000 time entries) stays under 30 s."""

import datetime
import time
from decimal import Decimal as D

import pytest

from mutualis.billing import bench, services
from mutualis.billing.compute import HourLine
from mutualis.billing.models import BillingRun, CostParameters, Invoice, MinimumWage
from mutualis.core.identifiers import make_siret
from mutualis.employees.models import Contract, Employee
from mutualis.members.models import Member

OCT = datetime.date(2026, 10, 1)


def test_pure_computation_is_fast():
    assert bench.main([]) < 5


@pytest.mark.slow
@pytest.mark.django_db
def test_large_run_end_to_end_under_30_seconds(personas, hours):
    group = personas.group_a
    CostParameters.objects.create(
        group=group, valid_from=datetime.date(2025, 1, 1), employer_contribution_rate=D("30")
    )
    MinimumWage.objects.create(valid_from=datetime.date(2025, 1, 1), hourly_amount=D("11.88"))
    month, lines, terms, _ = bench.build()
    members = Member.objects.bulk_create(
        Member(
            group=group,
            name=f"Adhérent {i:03d}",
            kind="company",
            siret=make_siret(500_000 + i),
            vat_status="subject",
            joined_on=datetime.date(2024, 1, 1),
        )
        for i in range(400)
    )
    employees = Employee.objects.bulk_create(
        Employee(group=group, first_name="P", last_name=f"N{i}") for i in range(len(terms))
    )
    contracts = Contract.objects.bulk_create(
        Contract(
            group=group,
            employee=e,
            kind=t.kind if t.kind != "pec" else "pec",
            job_title="Agent",
            rome_code=t.rome_code,
            weekly_hours=D("35"),
            gross_hourly_wage=t.gross_hourly_wage,
            start_date=datetime.date(2025, 1, 1),
            end_date=None if t.kind == "cdi" else datetime.date(2027, 1, 1),
            aid_rate_percent=t.aid_rate_percent,
            aid_weekly_hours_cap=t.aid_weekly_hours_cap,
        )
        for e, t in zip(employees, terms.values(), strict=True)
    )
    contract_ids = {t.contract_id: c.pk for t, c in zip(terms.values(), contracts, strict=True)}
    hours(
        group,
        OCT,
        [
            HourLine(
                members[line.member_id - 1].pk,
                contract_ids[line.contract_id],
                OCT,
                line.planned_hours,
                line.actual_hours,
            )
            for line in lines
        ],
    )
    start = time.perf_counter()
    run = BillingRun.objects.create(group=group, month=OCT)
    result = services.execute_run(run_id=run.pk)
    services.issue_run(run=BillingRun.objects.get(pk=run.pk))
    elapsed = time.perf_counter() - start
    assert result["invoices"] == Invoice.objects.filter(group=group).count() > 350
    print(f"billing run (compute, save, issue {result['invoices']} invoices): {elapsed:.1f} s")
    assert elapsed < 30, f"billing run took {elapsed:.1f} s"
