"""The placement agreement with the price of an hour that billing will charge (one source, ADR
placement-price). The layout lives in `mutualis.planning.documents`; billing, above planning, gives it
the price."""

from mutualis.planning import documents

from . import compute, selectors


def billed_price(assignment, *, contract, on):
    """The price of an hour of this placement, as billing will compute it (one source: ADR 2026-12-03).

    Returns {"rate", "explanation", "valid_on"} from `billing.compute.Rates.billing_rate` — the
    placement's own rate or coefficient, else the GE's rules in force on the first month billed —
    or None when it cannot be set yet (no contract, or an at-cost GE without cost parameters).
    """
    if contract is None:
        return None
    first = compute.month_start(max(assignment.start_date, on))
    terms = selectors.contract_terms(assignment.group, [contract.pk]).get(contract.pk)
    if terms is None:
        return None
    placement = None
    if assignment.hourly_rate is not None or assignment.billing_coefficient is not None:
        placement = compute.PlacementTerms(
            hourly_rate=assignment.hourly_rate,
            coefficient=assignment.billing_coefficient,
            start_date=assignment.start_date,
        )
    found = selectors.rates_for_group(assignment.group).billing_rate(
        assignment.member_id, terms, first, placement
    )
    if found is None:
        return None
    rate, _method, explanation = found
    return {
        "rate": rate,
        "rate_text": compute.fmt_decimal(rate),
        "explanation": explanation,
        "valid_on": first,
    }


def agreement_context(*, member, employee):
    return documents.agreement_context(member=member, employee=employee, price_of=billed_price)


def placement_agreement_pdf(*, member, employee):
    return documents.placement_agreement_pdf(member=member, employee=employee, price_of=billed_price)
