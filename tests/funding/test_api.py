"""The issue's « Done when » through the API, and the API's refusals."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from mutualis.funding.models import FundingApplication

from .factories import complete_axes, line, source
from .xlsx_eval import Workbook

URL = "/api/v1/funding/applications/"


def _create(client, call, **body):
    payload = {"call": str(call.public_id), "title": "Projet", **body}
    return client.post(URL, payload, format="json")


def _spie_body(spie, total, state, overheads=None):
    total, state = Decimal(total), Decimal(state)
    lines = []
    if overheads is not None:
        lines.append(line("Frais de mission", "mission_costs", overheads))
    lines.append(line("Équipe d'animation", "coordination_staff", total - Decimal(overheads or 0)))
    return {
        "duration_months": 24,
        "axes": complete_axes(spie),
        "budget_lines": lines,
        "sources": [source("state", state, "État"), source("self", total - state, "Département")],
    }


def _check(client, application_id):
    response = client.get(f"{URL}{application_id}/check/")
    assert response.status_code == 200, response.content
    return response.json()


def test_spie_450k_asking_400k_is_refused_with_the_80_percent_rule(api, spie):
    client = api("director_a")
    created = _create(client, spie, **_spie_body(spie, "450000", "400000"))
    assert created.status_code == 201, created.content
    result = _check(client, created.json()["id"])
    assert result["ok"] is False
    cap = [e for e in result["errors"] if e["rule"] == "cap_pct"]
    assert cap and cap[0]["rule_label"] == "Part maximale de l'aide : 80,00 % du coût total"
    assert "80,00 %" in cap[0]["message"]
    assert result["totals"]["total_cost"] == "450000.00" and result["totals"]["state"] == "400000.00"


@pytest.mark.parametrize(("asked", "ok"), [("60000.01", False), ("60000.00", True)])
def test_amige_cap(api, amige, asked, ok):
    client = api("director_a")
    body = {
        "duration_months": 6,
        "budget_lines": [line("Coordination", "coordination_staff", asked)],
        "sources": [source("state", asked, "État")],
    }
    created = _create(client, amige, **body)
    assert created.status_code == 201, created.content
    result = _check(client, created.json()["id"])
    assert result["ok"] is ok, result["errors"]
    if not ok:
        assert [e["rule"] for e in result["errors"]] == ["cap_amount"]
        assert "Plafond de l'aide" in result["errors"][0]["message"]


@pytest.mark.parametrize(("overheads", "ok"), [("1500.00", True), ("1501.00", False)])
def test_overheads_boundary(api, spie, overheads, ok):
    client = api("director_a")
    created = _create(client, spie, **_spie_body(spie, "10000", "8000", overheads))
    result = _check(client, created.json()["id"])
    assert result["ok"] is ok, result["errors"]
    assert result["totals"]["overheads_pct"] == ("15.00" if ok else "15.01")
    if not ok:
        assert [e["rule"] for e in result["errors"]] == ["overheads"]


def test_xlsx_totals_equal_the_api_to_the_cent(api, spie):
    client = api("director_a")
    body = _spie_body(spie, "0", "0")
    # Awkward amounts: unit costs × quantities that round, and a share that is not a round number.
    body["budget_lines"] = [
        {"action": "Animation", "category": "coordination_staff", "unit_cost": "412.37", "quantity": "3.33"},
        {
            "action": "Formation conjointe",
            "category": "joint_training",
            "unit_cost": "1999.99",
            "quantity": "7",
        },
        {"action": "Déplacements", "category": "mission_costs", "unit_cost": "0.35", "quantity": "1234.5"},
        {"action": "Reprographie", "category": "general_costs", "unit_cost": "12.34", "quantity": "1"},
    ]
    created = _create(client, spie, **{**body, "sources": []})
    assert created.status_code == 201, created.content
    data = created.json()
    total = Decimal(data["totals"]["total_cost"])
    state = (total * Decimal("0.8")).quantize(Decimal("0.01"))
    patched = client.patch(
        f"{URL}{data['id']}/",
        {"sources": [source("state", state), source("self", total - state)]},
        format="json",
    )
    assert patched.status_code == 200, patched.content
    api_totals = patched.json()["totals"]
    response = client.get(f"{URL}{data['id']}/export/?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    book = Workbook(load_workbook(io.BytesIO(response.content)))
    budget = book.book["Budget"]
    total_row = next(r for r in range(1, budget.max_row + 1) if budget[f"A{r}"].value == "Total")
    assert budget[f"G{total_row}"].value.startswith("=SUM(")
    assert book.value("Budget", f"G{total_row}") == Decimal(api_totals["total_cost"])
    for n, api_line in enumerate(patched.json()["budget_lines"], start=2):
        assert book.value("Budget", f"G{n}") == Decimal(api_line["amount"])
    overhead_row = total_row + 1
    assert book.value("Budget", f"G{overhead_row}") == Decimal(api_totals["overheads"])
    plan = book.book["Plan de financement"]
    rows = {plan[f"A{r}"].value: r for r in range(1, plan.max_row + 1)}
    assert book.value("Plan de financement", f"C{rows['Total des financements']}") == Decimal(
        api_totals["total_sources"]
    )
    assert book.value("Plan de financement", f"C{rows['Coût total du projet']}") == Decimal(
        api_totals["total_cost"]
    )
    assert book.value("Plan de financement", f"C{rows['Écart (doit être nul)']}") == 0
    assert book.value(
        "Plan de financement", f"C{rows['Aide demandée au titre de l’appel'.replace('’', chr(39))]}"
    ) == Decimal(api_totals["state"])
    assert set(book.book.sheetnames) == {"Budget", "Plan de financement", "Contrôles"}


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_documents_carry_the_call_headings(api, spie, fmt):
    client = api("director_a")
    created = _create(client, spie, **_spie_body(spie, "450000", "360000"))
    response = client.get(f"{URL}{created.json()['id']}/export/?format={fmt}")
    assert response.status_code == 200
    if fmt == "docx":
        from docx import Document

        document = Document(io.BytesIO(response.content))
        headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
        for heading in spie.headings:
            assert heading["title"] in headings
        for axis in spie.required_axes:
            assert axis["title"] in headings
    else:
        from pypdf import PdfReader

        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
        assert "Chef de file de la candidature" in text and "Budget prévisionnel" in text


def test_bad_input_names_the_line_and_saves_nothing(api, amige):
    client = api("director_a")
    before = FundingApplication.objects.count()
    response = _create(
        client,
        amige,
        budget_lines=[line("Étude", "services", 100), {"action": "Sans catégorie", "unit_cost": "5"}],
        sources=[source("state", "-5")],
    )
    assert response.status_code == 400
    errors = response.json()
    assert (
        "Ligne 2, catégorie de dépense : la catégorie de dépense est obligatoire." in errors["budget_lines"]
    )
    assert "Financement 1, montant : Un montant ne peut pas être négatif." in errors["sources"]
    assert FundingApplication.objects.count() == before


def test_unbalanced_sources_refused(api, amige):
    response = _create(
        api("director_a"), amige, budget_lines=[line("Étude", "services", 100)], sources=[source("state", 90)]
    )
    assert response.status_code == 400
    assert "n'équilibrent pas le budget" in response.json()["sources"][0]


def test_another_ge_gets_404_and_accountant_cannot_write(api, amige):
    created = _create(api("director_a"), amige, budget_lines=[line("Étude", "services", 100)])
    app_id = created.json()["id"]
    assert api("director_b").get(f"{URL}{app_id}/").status_code == 404
    assert api("director_b").get(f"{URL}{app_id}/check/").status_code == 404
    assert api("accountant_a").get(f"{URL}{app_id}/").status_code == 200
    assert api("accountant_a").patch(f"{URL}{app_id}/", {"title": "X"}, format="json").status_code == 403
    assert api("contact_a1").get(URL).status_code == 403  # a member contact has no funding pages


def test_organisation_applies_too(api, amige):
    client = api("partner_org")
    created = _create(
        client, amige, budget_lines=[line("Étude", "services", 100)], sources=[source("state", 100)]
    )
    assert created.status_code == 201, created.content
    assert created.json()["applicant"] == "Structure Xray"
    assert api("director_a").get(f"{URL}{created.json()['id']}/").status_code == 404


def test_after_the_grant_spending_evidence_and_indicators(api, spie):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = api("director_a")
    created = _create(client, spie, **_spie_body(spie, "450000", "360000"))
    app_id = created.json()["id"]
    assert client.post(f"{URL}{app_id}/submit/").status_code == 200
    decided = client.post(
        f"{URL}{app_id}/decision/", {"granted": True, "granted_amount": "350000"}, format="json"
    )
    assert decided.status_code == 200 and decided.json()["status"] == "granted"
    line_id = decided.json()["budget_lines"][0]["id"]
    accountant = api("accountant_a")
    spent = accountant.post(
        f"{URL}{app_id}/expenses/",
        {"budget_line": line_id, "spent_on": "2026-11-30", "label": "Salaire novembre", "amount": "3500.00"},
        format="json",
    )
    assert spent.status_code == 201, spent.content
    negative = accountant.post(
        f"{URL}{app_id}/expenses/",
        {"budget_line": line_id, "spent_on": "2026-11-30", "label": "X", "amount": "-1"},
        format="json",
    )
    assert negative.status_code == 400 and "négatif" in str(negative.json()["amount"])
    upload = accountant.post(
        f"{URL}{app_id}/evidence/",
        {
            "title": "Bulletin de salaire",
            "expense": spent.json()["id"],
            "file": SimpleUploadedFile("b.pdf", b"%PDF-1.4"),
        },
        format="multipart",
    )
    assert upload.status_code == 201, upload.content
    indicator_id = decided.json()["axes"][0]["indicators"][0]["id"]
    reported = client.post(
        f"{URL}{app_id}/indicator-reports/",
        {"indicator": indicator_id, "period_end": "2026-12-31", "value": "12"},
        format="json",
    )
    assert reported.status_code == 201, reported.content
    assert len(client.get(f"{URL}{app_id}/indicator-reports/").json()) == 1


def test_calls_are_listed(api):
    response = api("director_a").get("/api/v1/funding/calls/")
    assert response.status_code == 200
    body = response.json()
    names = [c["short_name"] for c in (body["results"] if isinstance(body, dict) else body)]
    assert {"AMIGE", "SPIE"} <= set(names)
