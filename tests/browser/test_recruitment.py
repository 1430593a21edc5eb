"""Recruitment, the main flow in the pages: a position to recruit becomes an offer in one click, is
published, a person applies on the public page with a CV, the planner reviews the application and
hires: the employee has a CDI and a planned week. Every page visited passes the accessibility check."""

import datetime as dt

import pytest

from .helpers import check_accessibility, log_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CV = b"%PDF-1.4\n% CV\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _next_monday():
    today = dt.date.today()
    return today + dt.timedelta(days=14 - today.weekday())


def test_position_to_offer_to_public_application_to_hire(page, browser, stack):
    stack.manage("seed_demo_recruitment", "--group", "ge-partage-orne")
    log_in(page, "planificateur")
    visit(page, "/recrutement/")
    row = page.get_by_role("row").filter(has_text="Préparateur de commandes")
    row.get_by_role("button", name="Créer l'offre").click()
    page.wait_for_url("**/modifier/")
    check_accessibility(page)
    assert page.get_by_text("Poste de 20 h par semaine").is_visible()
    page.get_by_label("Salaire horaire brut maximum (€)").fill("13.50")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/recrutement/offres/*/")
    check_accessibility(page)
    page.get_by_role("button", name="Publier").click()
    page.wait_for_url("**/recrutement/offres/*/")
    assert page.get_by_text("Publiée", exact=True).is_visible()
    check_accessibility(page)
    offer_url = page.url

    # A person applies without an account.
    visitor = browser.new_context(base_url=stack.base_url, locale="fr-FR").new_page()
    visit(visitor, "/offres/")
    visitor.get_by_role("link", name="Préparateur de commandes").click()
    visitor.wait_for_url("**/offres/*/")
    check_accessibility(visitor)
    visitor.get_by_label("Prénom").fill("Rayan")
    visitor.locator("#id_last_name").fill("Navigateur")
    visitor.get_by_label("Courriel").fill("rayan.navigateur@exemple.org")
    visitor.get_by_label("CV (PDF, DOCX ou ODT, 5 Mo au plus)").set_input_files(
        files=[{"name": "cv.pdf", "mimeType": "application/pdf", "buffer": CV}]
    )
    visitor.get_by_role("button", name="Envoyer ma candidature").click()
    assert visitor.get_by_role("heading", name="Candidature envoyée").is_visible()
    check_accessibility(visitor)
    visitor.context.close()

    # The planner reviews it on the offer's board and hires.
    visit(page, offer_url)
    page.get_by_role("link", name="Rayan Navigateur").click()
    page.wait_for_url("**/recrutement/candidatures/*/")
    check_accessibility(page)
    page.get_by_label("Nouveau statut").select_option(label="Entretien")
    page.get_by_role("button", name="Changer le statut").click()
    page.wait_for_url("**/recrutement/candidatures/*/")
    assert page.get_by_text("Statut de la candidature modifié.").is_visible()
    page.get_by_label("Date de début du CDI").fill(_next_monday().isoformat())
    page.get_by_role("button", name="Embaucher").click()
    page.wait_for_url("**/recrutement/candidatures/*/")
    assert page.get_by_text("Embauche enregistrée").is_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Rayan Navigateur").last.click()
    page.wait_for_url("**/salaries/*/")
    check_accessibility(page)
    assert page.get_by_text("Préparateur de commandes").first.is_visible()
