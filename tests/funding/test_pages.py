"""The director's pages: list, call rules, create, budget with live check, axes, consortium, exports,
decision and spending; bad input shows the line and saves nothing."""

import html
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mutualis.funding import services
from mutualis.funding.models import FundingApplication

from .factories import amige_application, spie_application


def _text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def director(client, personas):
    client.force_login(personas.director_a)
    return client


def _formset(prefix, rows, extra=0):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows) + extra), f"{prefix}-INITIAL_FORMS": "0"}
    for n, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{n}-{key}"] = value
    return data


def test_list_and_call_pages(director, personas, amige, spie):
    amige_application(actor=personas.director_a, group=personas.group_a, call=amige)
    page = director.get(reverse("funding:list"))
    assert page.status_code == 200
    assert "Bourse d'emplois entre GE" in _text(page)
    call_page = _text(director.get(reverse("funding:call", args=[spie.public_id])))
    assert "80,00 % du coût total" in call_page and "Système d'information" in call_page


def test_create_then_budget_then_submit(director, personas, amige):
    response = director.post(
        reverse("funding:create"),
        {"call": str(amige.public_id), "title": "Étude de faisabilité d'un GE", "duration_months": "6"},
    )
    application = FundingApplication.objects.get(title="Étude de faisabilité d'un GE")
    assert response.status_code == 302 and application.group == personas.group_a
    url = reverse("funding:budget", args=[application.public_id])
    assert director.get(url).status_code == 200
    data = {
        **_formset(
            "lignes",
            [{"action": "Étude de marché", "category": "services", "unit_cost": "12000", "quantity": "1"}],
        ),
        **_formset("financements", [{"kind": "state", "funder": "État", "amount": "12000"}]),
    }
    live = director.post(reverse("funding:budget_check", args=[application.public_id]), data)
    assert "Aucune règle de l'appel n'est enfreinte." in _text(live)
    assert director.post(url, data).status_code == 302
    assert application.budget_lines.get().amount == Decimal("12000.00")
    director.post(reverse("funding:submit", args=[application.public_id]))
    application.refresh_from_db()
    assert application.status == "submitted"


def test_live_check_names_the_cap(director, personas, amige):
    application = amige_application(actor=personas.director_a, group=personas.group_a, call=amige)
    data = {
        **_formset(
            "lignes",
            [
                {
                    "action": "Coordination",
                    "category": "coordination_staff",
                    "unit_cost": "60000.01",
                    "quantity": "1",
                }
            ],
        ),
        **_formset("financements", [{"kind": "state", "amount": "60000.01"}]),
    }
    live = _text(director.post(reverse("funding:budget_check", args=[application.public_id]), data))
    assert "Plafond de l'aide" in live
    # Nothing was saved by the live check.
    assert application.budget_lines.get().amount == Decimal("60000.00")


def test_budget_bad_line_names_it_and_saves_nothing(director, personas, amige):
    application = amige_application(actor=personas.director_a, group=personas.group_a, call=amige)
    data = {
        **_formset(
            "lignes",
            [
                {"action": "Étude", "category": "services", "unit_cost": "100", "quantity": "1"},
                {"action": "Sans catégorie", "category": "", "unit_cost": "50", "quantity": "1"},
            ],
        ),
        **_formset("financements", [{"kind": "state", "amount": "150"}]),
    }
    page = director.post(reverse("funding:budget", args=[application.public_id]), data)
    assert page.status_code == 200
    assert "Ligne 2, catégorie de dépense : la catégorie de dépense est obligatoire." in _text(page)
    assert application.budget_lines.get().amount == Decimal("60000.00")


def test_axis_and_consortium_pages(director, personas, spie):
    application = services.create_application(
        actor=personas.director_a, group=personas.group_a, call=spie, title="P"
    )
    url = reverse("funding:axis", args=[application.public_id, 1])
    assert director.get(url).status_code == 200
    data = {
        "axe-code": "axe1",
        "axe-title": "Axe 1",
        "axe-objectives": "Diagnostic partagé",
        "axe-actions": "Formation conjointe",
        "axe-public": "Allocataires du RSA",
        "axe-public_share_pct": "101",
        **_formset("indicateurs", [{"label": "Diagnostics réalisés", "kind": "results", "target": "300"}]),
    }
    page = director.post(url, data)
    assert (
        "Axe 1, part de la population à accompagner (%) : Un pourcentage ne peut pas dépasser 100."
        in _text(page)
    )
    data["axe-public_share_pct"] = "40"
    assert director.post(url, data).status_code == 302
    axis = application.axes.get(code="axe1")
    assert axis.indicators.get().label == "Diagnostics réalisés"
    members = _formset("membres", [{"name": "Conseil départemental", "role": "lead", "kind": "Collectivité"}])
    assert (
        director.post(reverse("funding:consortium", args=[application.public_id]), members).status_code == 302
    )
    member = application.consortium.get()
    director.post(
        reverse("funding:letter", args=[application.public_id]),
        {"member": str(member.public_id), "letter": SimpleUploadedFile("lettre.pdf", b"%PDF-1.4")},
    )
    member.refresh_from_db()
    assert member.letter


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx"])
def test_exports(director, personas, spie, fmt):
    application = spie_application(actor=personas.director_a, group=personas.group_a, call=spie)
    response = director.get(reverse("funding:export", args=[application.public_id, fmt]))
    assert response.status_code == 200 and response["Content-Disposition"].endswith(f'.{fmt}"')


def test_decision_spending_evidence_reports(client, director, personas, spie):
    application = spie_application(actor=personas.director_a, group=personas.group_a, call=spie)
    services.submit_application(actor=personas.director_a, application=application)
    director.post(
        reverse("funding:decision", args=[application.public_id]),
        {"granted": "1", "granted_amount": "360000"},
    )
    application.refresh_from_db()
    assert application.status == "granted"
    line = application.budget_lines.first()
    client.force_login(personas.accountant_a)
    client.post(
        reverse("funding:expense", args=[application.public_id]),
        {
            "budget_line": str(line.public_id),
            "spent_on": "2026-11-30",
            "label": "Salaire",
            "amount": "1000.00",
        },
    )
    client.post(
        reverse("funding:evidence", args=[application.public_id]),
        {
            "title": "Bulletin",
            "target": f"line:{line.public_id}",
            "file": SimpleUploadedFile("b.pdf", b"%PDF-1.4"),
        },
    )
    evidence = application.evidence.get()
    download = client.get(reverse("funding:evidence_file", args=[application.public_id, evidence.public_id]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4"  # consumed: the client closes the file
    page = _text(client.get(reverse("funding:detail", args=[application.public_id])))
    assert "Suivi des dépenses" in page and "1\xa0000,00 €" in page
    client.force_login(personas.director_a)
    indicator = application.axes.first().indicators.first()
    client.post(
        reverse("funding:report", args=[application.public_id]),
        {"indicator": str(indicator.public_id), "period_end": "2026-12-31", "value": "7"},
    )
    assert indicator.reports.get().value == Decimal("7.00")


def test_another_ge_and_member_contact_get_404(client, personas, amige):
    application = amige_application(actor=personas.director_a, group=personas.group_a, call=amige)
    for user in (personas.director_b, personas.contact_a1):
        client.force_login(user)
        assert client.get(reverse("funding:detail", args=[application.public_id])).status_code == 404


def test_a_quote_is_attached_to_a_draft_line(director, personas, amige):
    application = amige_application(actor=personas.director_a, group=personas.group_a, call=amige)
    line = application.budget_lines.get()
    page = _text(director.get(reverse("funding:detail", args=[application.public_id])))
    assert "Déposer la pièce" in page
    director.post(
        reverse("funding:evidence", args=[application.public_id]),
        {
            "title": "Devis du prestataire",
            "target": f"line:{line.public_id}",
            "file": SimpleUploadedFile("devis.pdf", b"%PDF-1.4"),
        },
    )
    assert line.evidence.get().title == "Devis du prestataire"
