"""A billing run on a large GE (1,000 employees, 400 members, ~20,000 hour lines) bills every hour once.

Speed is measured by `make bench-billing` (benchmarks/billing.py, docs/benchmarks.md), never
by a timed test: these tests check what a large run produces.
"""

import datetime
from decimal import Decimal as D

import pytest

from mutualis.billing import bench, compute, services
from mutualis.billing.compute import HourLine
from mutualis.billing.models import (
    BillingRun,
    CostParameters,
    DocumentStatus,
    Invoice,
    MinimumWage,
    RunStatus,
)
from mutualis.core.identifiers import make_siret
from mutualis.employees.models import Contract, Employee
from mutualis.members.models import Member

OCT = datetime.date(2026, 10, 1)


def test_pure_computation_bills_every_hour_of_the_synthetic_month():
    month, lines, contracts, rates = bench.build()
    drafts = compute.compute_invoices(
        month=month, lines=lines, contracts=contracts, rates=rates, vat_subject=True
    )
    assert len(drafts) == len({line.member_id for line in lines})
    assert sum(d.hours for d in drafts) == sum(line.actual_hours for line in lines)
    assert all(d.total_incl_tax == d.total_excl_tax + d.vat_amount for d in drafts)


@pytest.mark.slow
@pytest.mark.django_db
def test_large_run_end_to_end_drafts_and_issues_every_member(personas, hours):
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
    run = BillingRun.objects.create(group=group, month=OCT)
    result = services.execute_run(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.DRAFTED, run.problems
    invoices = Invoice.objects.filter(group=group)
    assert result["invoices"] == invoices.count() == len({line.member_id for line in lines}) > 350
    assert sum(i.hours for i in invoices) == sum(line.actual_hours for line in lines)
    assert all(i.total_incl_tax == i.total_excl_tax + i.vat_amount for i in invoices)
    issued = services.issue_run(run=run)
    assert len(issued) == result["invoices"]
    assert sorted(i.sequence for i in invoices.filter(status=DocumentStatus.ISSUED)) == list(
        range(1, len(issued) + 1)
    )
