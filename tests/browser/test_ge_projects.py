"""A CRGE officer in a real browser: census campaign → feasibility study → « Créer le GE », with the
accessibility check on each page."""

import pytest

from .helpers import check_accessibility, log_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

EMPLOYERS = [
    (
        "Fromagerie Test",
        "44306184100021",
        "61001",
        "Agent d'entretien ; K2204 ; lundi 06:00-10:00, mardi 06:00-10:00",
    ),
    (
        "Mairie Test",
        "21610143600014",
        "61143",
        "Agent d'entretien ; K2204 ; mercredi 06:00-10:00, jeudi 06:00-10:00",
    ),
    (
        "Atelier Test",
        "73282932000074",
        "61001",
        "Agent d'entretien ; K2204 ; vendredi 06:00-10:00, samedi 06:00-10:00",
    ),
]


def test_a_crge_officer_creates_a_ge_from_a_census(page):
    log_in(page, "crge")
    visit(page, "/projets-de-ge/")
    check_accessibility(page)
    page.get_by_role("link", name="Nouveau projet de GE").click()
    page.get_by_label("Nom du projet").fill("GE Test du Bocage")
    check_accessibility(page)
    page.get_by_role("button", name="Ouvrir le recensement").click()
    page.get_by_role("heading", level=1, name="GE Test du Bocage").wait_for()
    for name, siret, commune, needs in EMPLOYERS:
        page.get_by_label("Raison sociale").fill(name)
        page.get_by_label("SIRET").fill(siret)
        page.get_by_label("Commune (code INSEE)").fill(commune)
        page.get_by_label("Besoins (un par ligne)").fill(needs)
        page.get_by_role("button", name="Enregistrer la réponse").click()
        page.get_by_text(f"Réponse de {name} enregistrée.").wait_for()
    # An employer outside the territory is refused, with the field named.
    page.get_by_label("Raison sociale").fill("Loin d'ici")
    page.get_by_label("SIRET").fill("55210055400013")
    page.get_by_label("Commune (code INSEE)").fill("75056")
    page.get_by_label("Besoins (un par ligne)").fill("Agent ; K2204 ; lundi 08:00-12:00")
    page.get_by_role("button", name="Enregistrer la réponse").click()
    page.get_by_text("n'est pas dans le territoire du projet").wait_for()
    check_accessibility(page)
    page.get_by_role("link", name="2. Étude de faisabilité").click()
    page.get_by_role("button", name="Calculer l'étude").click()
    page.get_by_text("Étude de faisabilité calculée.").wait_for()
    assert page.get_by_text("Coefficient d'équilibre pour les frais de structure prévus").is_visible()
    assert page.get_by_role("heading", name="Projection sur 3 ans").is_visible()
    check_accessibility(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger l'étude (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.get_by_role("link", name="Créer le GE").first.click()
    page.get_by_label("Nom du GE").fill("GE Test du Bocage")
    page.get_by_label("SIREN").fill("732829320")
    page.get_by_label("Préfixe des numéros de facture").fill("GETB")
    page.get_by_label("Courriel de la direction").fill("direction@ge-test-bocage.example")
    check_accessibility(page)
    page.get_by_role("button", name="Créer le GE").click()
    page.get_by_text("est créé avec ses adhérents et leurs besoins").wait_for()
    assert page.get_by_text("GE créé").first.is_visible()
    check_accessibility(page)
