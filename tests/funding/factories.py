"""Budgets of applications for the tests: a few lines and the sources that balance them."""

from decimal import Decimal

from mutualis.funding import services


def line(action, category, amount, **extra):
    return {"action": action, "category": category, "unit_cost": str(amount), "quantity": "1", **extra}


def source(kind, amount, funder=""):
    return {"kind": kind, "amount": str(amount), "funder": funder}


def complete_axes(call, indicators=1):
    return [
        {
            "code": axis["code"],
            "title": axis["title"],
            "objectives": "Objectifs opérationnels",
            "actions": "Actions proposées",
            "public": "Allocataires du RSA",
            "indicators": [
                {"label": f"Indicateur {n}", "kind": "results", "target": "10"} for n in range(indicators)
            ],
        }
        for axis in call.required_axes
    ]


def spie_application(*, actor, group, call, total=Decimal("450000"), state=Decimal("360000"), overheads=None):
    """A complete SPIE application of `total` € with `state` € asked from the State, the rest self-funded."""
    total = Decimal(total)
    lines = []
    if overheads is not None:
        lines.append(line("Frais de déplacement", "mission_costs", overheads))
    lines.append(line("Équipe d'animation", "coordination_staff", total - Decimal(overheads or 0)))
    return services.create_application(
        actor=actor,
        group=group,
        call=call,
        title="Coordination des parcours",
        duration_months=24,
        axes=complete_axes(call),
        budget_lines=lines,
        sources=[source("state", state, "État"), source("self", total - Decimal(state), "Porteur")],
    )


def amige_application(*, actor, group, call, state=Decimal("60000.00"), total=None):
    state = Decimal(state)
    total = Decimal(total or state)
    return services.create_application(
        actor=actor,
        group=group,
        call=call,
        title="Bourse d'emplois entre GE",
        duration_months=6,
        budget_lines=[line("Coordination de la bourse", "coordination_staff", total)],
        sources=[
            source("state", state, "État"),
            *([source("self", total - Decimal(state))] if total > state else []),
        ],
    )
