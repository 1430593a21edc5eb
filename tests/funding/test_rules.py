"""One test per rule of the calls, with its boundary (Decimal, to the cent)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from mutualis.funding import services
from mutualis.funding.enums import ApplicationStatus
from mutualis.funding.models import FundingApplication

from .factories import amige_application, line, source, spie_application


def _errors(application):
    findings, totals = services.check_application(application)
    for finding in findings:
        finding.message = finding.message.replace("\xa0", " ")
    return [f for f in findings if f.level == "error"], totals


def _rules(findings):
    return {f.rule for f in findings}


def test_presets_are_loaded_with_their_rules(amige, spie):
    assert amige.cap_amount == Decimal("60000.00") and amige.cap_pct is None
    assert amige.justification_categories == ["equipment"]
    assert spie.cap_amount == Decimal("500000.00") and spie.cap_pct == Decimal("80.00")
    assert spie.min_self_pct == Decimal("20.00") and spie.overhead_max_pct == Decimal("15.00")
    assert "information_system" in spie.ineligible_categories
    assert [s["pct"] for s in spie.payment_schedule] == ["60", "40"]
    assert len(spie.required_axes) == 4 and spie.max_indicators_per_axis == 5


def test_spie_400k_of_450k_breaks_the_80_percent_rule(personas, spie):
    app = spie_application(
        actor=personas.director_a, group=personas.group_a, call=spie, state=Decimal("400000")
    )
    errors, totals = _errors(app)
    assert totals.total_cost == Decimal("450000.00")
    rule = [f for f in errors if f.rule == "cap_pct"]
    assert rule and "80,00 %" in rule[0].message and "360" in rule[0].message
    # 50 000 € of self-funding is 11,11 %: the 20 % rule is named too.
    assert "min_self" in _rules(errors)


def test_spie_at_exactly_80_percent_passes(personas, spie):
    app = spie_application(
        actor=personas.director_a, group=personas.group_a, call=spie, state=Decimal("360000")
    )
    errors, _ = _errors(app)
    assert errors == []


def test_spie_cap_of_500k(personas, spie):
    app = spie_application(
        actor=personas.director_a,
        group=personas.group_a,
        call=spie,
        total=Decimal("700000"),
        state=Decimal("500000.01"),
    )
    errors, _ = _errors(app)
    assert "cap_amount" in _rules(errors) and "cap_pct" not in _rules(errors)


@pytest.mark.parametrize(("state", "refused"), [(Decimal("60000.00"), False), (Decimal("60000.01"), True)])
def test_amige_cap_to_the_cent(personas, amige, state, refused):
    app = amige_application(actor=personas.director_a, group=personas.group_a, call=amige, state=state)
    errors, _ = _errors(app)
    assert ("cap_amount" in _rules(errors)) is refused
    if refused:
        assert "60 000,00 €" in errors[0].message and "0,01 €" in errors[0].message
    else:
        assert errors == []


@pytest.mark.parametrize(("overheads", "refused"), [("1500.00", False), ("1501.00", True), ("1500.01", True)])
def test_overheads_at_15_percent(personas, spie, overheads, refused):
    app = spie_application(
        actor=personas.director_a,
        group=personas.group_a,
        call=spie,
        total=Decimal("10000"),
        state=Decimal("8000"),
        overheads=Decimal(overheads),
    )
    errors, _ = _errors(app)
    assert ("overheads" in _rules(errors)) is refused
    if overheads == "1501.00":
        message = next(f.message for f in errors if f.rule == "overheads")
        assert "15,01 %" in message and "lignes 1" in message


def test_self_funding_with_or_without_partners(personas, spie):
    lines = [line("Équipe", "coordination_staff", 1000)]
    sources = [source("state", 800), source("partner", 200, "Département")]
    app = services.create_application(
        actor=personas.director_a,
        group=personas.group_a,
        call=spie,
        title="P",
        budget_lines=lines,
        sources=sources,
    )
    errors, _ = _errors(app)
    assert "min_self" not in _rules(errors)
    spie.partners_count_as_self = False
    spie.save()
    errors, _ = _errors(FundingApplication.objects.get(pk=app.pk))
    assert "min_self" in _rules(errors)


def test_ineligible_category_names_the_line(personas, spie):
    lines = [line("Équipe", "coordination_staff", 800), line("Logiciel de suivi", "information_system", 200)]
    app = services.create_application(
        actor=personas.director_a,
        group=personas.group_a,
        call=spie,
        title="P",
        budget_lines=lines,
        sources=[source("state", 800), source("self", 200)],
    )
    errors, _ = _errors(app)
    finding = next(f for f in errors if f.rule == "ineligible")
    assert finding.line == 2 and "ligne 2 « Logiciel de suivi »" in finding.message


def test_amige_equipment_needs_a_justification(personas, amige):
    lines = [line("Ordinateur", "equipment", 1000)]
    app = services.create_application(
        actor=personas.director_a,
        group=personas.group_a,
        call=amige,
        title="P",
        budget_lines=lines,
        sources=[source("state", 1000)],
    )
    assert "justification" in _rules(_errors(app)[0])
    services.update_application(
        actor=personas.director_a,
        application=app,
        budget_lines=[
            line("Ordinateur", "equipment", 1000, justification="Poste de la coordinatrice de la bourse")
        ],
    )
    assert "justification" not in _rules(_errors(app)[0])


def test_spie_axes_required_and_indicators_warning(personas, spie):
    app = services.create_application(
        actor=personas.director_a,
        group=personas.group_a,
        call=spie,
        title="P",
        axes=[
            {
                "code": "axe1",
                "title": "Axe 1",
                "objectives": "o",
                "actions": "a",
                "public": "p",
                "indicators": [{"label": f"I{n}"} for n in range(6)],
            }
        ],
    )
    findings, _ = services.check_application(app)
    missing = [f for f in findings if f.rule == "required_axes"]
    assert {f.axis for f in missing} == {"axe2", "axe3", "axe4"}
    warning = next(f for f in findings if f.rule == "indicators_per_axis")
    assert warning.level == "warning" and "6 indicateurs" in warning.message


def test_new_spie_application_starts_with_the_call_axes(personas, spie):
    app = services.create_application(actor=personas.director_a, group=personas.group_a, call=spie, title="P")
    assert [a.code for a in app.axes.all()] == ["axe1", "axe2", "axe3", "axe4"]


# --- Bad input: a French message naming the field or line, nothing saved ---------------------------


def _refused(personas, call, **kwargs):
    before = FundingApplication.objects.count()
    with pytest.raises(ValidationError) as info:
        services.create_application(
            actor=personas.director_a, group=personas.group_a, call=call, title="P", **kwargs
        )
    assert FundingApplication.objects.count() == before
    return info.value.message_dict


def test_negative_amount_names_the_line(personas, amige):
    errors = _refused(personas, amige, budget_lines=[line("A", "services", 100), line("B", "services", -5)])
    assert errors["budget_lines"] == ["Ligne 2, coût unitaire : Un montant ne peut pas être négatif."]


def test_line_without_category(personas, amige):
    errors = _refused(personas, amige, budget_lines=[{"action": "Étude", "unit_cost": "100"}])
    assert errors["budget_lines"] == [
        "Ligne 1, catégorie de dépense : la catégorie de dépense est obligatoire."
    ]


def test_percentage_over_100(personas, spie):
    errors = _refused(personas, spie, axes=[{"code": "axe1", "title": "Axe 1", "public_share_pct": "100.5"}])
    assert errors["axes"] == [
        "Axe 1, part de la population à accompagner (%) : Un pourcentage ne peut pas dépasser 100."
    ]


def test_unbalanced_sources(personas, amige):
    errors = _refused(
        personas, amige, budget_lines=[line("A", "services", "1000.00")], sources=[source("state", "999.99")]
    )
    assert "écart de -0,01 €" in errors["sources"][0].replace("\xa0", " ")


def test_update_refused_leaves_the_budget_as_it_was(personas, amige):
    app = amige_application(actor=personas.director_a, group=personas.group_a, call=amige)
    with pytest.raises(ValidationError):
        services.update_application(
            actor=personas.director_a,
            application=app,
            budget_lines=[line("A", "services", 10), line("B", "", 5)],
            sources=[source("state", 15)],
        )
    assert [str(line.amount) for line in app.budget_lines.all()] == ["60000.00"]


def test_submit_then_grant_then_spend(personas, amige):
    app = amige_application(actor=personas.director_a, group=personas.group_a, call=amige)
    services.submit_application(actor=personas.director_a, application=app)
    with pytest.raises(ValidationError):
        services.update_application(actor=personas.director_a, application=app, title="Autre")
    services.record_decision(actor=personas.director_a, application=app, granted=True, amount="55000")
    line_obj = app.budget_lines.get()
    services.record_expense(
        actor=personas.accountant_a,
        application=app,
        budget_line=line_obj,
        spent_on="2026-10-01",
        label="Salaire",
        amount="4000.50",
    )
    from mutualis.funding import selectors

    spent = selectors.spending(app)
    assert spent["spent"] == Decimal("4000.50") and spent["remaining"] == Decimal("55999.50")
    app.refresh_from_db()
    assert app.status == ApplicationStatus.GRANTED


def test_submit_refused_while_a_rule_is_broken(personas, amige):
    app = amige_application(actor=personas.director_a, group=personas.group_a, call=amige, state="60000.01")
    with pytest.raises(ValidationError) as info:
        services.submit_application(actor=personas.director_a, application=app)
    assert "Plafond de l'aide" in info.value.messages[0]
