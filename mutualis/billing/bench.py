"""Benchmark of the billing computation: `python -m mutualis.billing.bench [--employees N] [--entries M]`.

Builds a synthetic month like the large demo (1,000 employees, 400 members, about 20,000 time
entries, a tenth of contracts aided) and times `compute.compute_invoices`. No database.
"""

import argparse
import datetime
import random
import time
from decimal import Decimal

from . import compute


def build(employees=1000, members=400, entries=20_000, seed=7):
    rng = random.Random(seed)
    month = datetime.date(2026, 10, 1)
    contracts = {}
    for cid in range(1, employees + 1):
        aided = cid % 10 == 0
        contracts[cid] = compute.ContractTerms(
            contract_id=cid,
            employee_id=cid,
            employee_label=f"Salarié {cid}",
            kind="pec" if aided else rng.choice(["cdi", "cdi", "cdd"]),
            rome_code=rng.choice(["K2204", "K1302", "G1602", "A1203"]),
            gross_hourly_wage=Decimal(rng.randint(1188, 1800)) / 100,
            job_title="Agent",
            aid_rate_percent=Decimal("60") if aided else None,
            aid_weekly_hours_cap=Decimal("20") if aided else None,
        )
    # Each employee works for 2 to 4 members; entries are per day, so several per (member, contract).
    placements = {cid: rng.sample(range(1, members + 1), rng.randint(2, 4)) for cid in contracts}
    lines = []
    for _ in range(entries):
        cid = rng.randint(1, employees)
        hours = Decimal(rng.choice([150, 200, 300, 350, 400])) / 100
        lines.append(compute.HourLine(rng.choice(placements[cid]), cid, month, hours, hours))
    rates = compute.Rates(
        default_coefficient=Decimal("1.87"),
        coefficients=[compute.Coefficient(Decimal("1.95"), datetime.date(2025, 1, 1), contract_kind="cdd")],
        cost_parameters=[compute.CostParameters(datetime.date(2025, 1, 1), Decimal("30"), Decimal("10"))],
        minimum_wages=[compute.MinimumWage(datetime.date(2025, 1, 1), Decimal("11.88"))],
    )
    return month, lines, contracts, rates


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=1000)
    parser.add_argument("--members", type=int, default=400)
    parser.add_argument("--entries", type=int, default=20_000)
    args = parser.parse_args(argv)
    month, lines, contracts, rates = build(args.employees, args.members, args.entries)
    start = time.perf_counter()
    drafts = compute.compute_invoices(
        month=month, lines=lines, contracts=contracts, rates=rates, vat_subject=True
    )
    elapsed = time.perf_counter() - start
    n_lines = sum(len(d.lines) for d in drafts)
    total = sum(d.total_incl_tax for d in drafts)
    print(
        f"{len(lines)} time entries, {len(contracts)} contracts -> {len(drafts)} invoices, "
        f"{n_lines} lines, {total} € TTC in {elapsed:.2f} s"
    )
    return elapsed


if __name__ == "__main__":
    main()
