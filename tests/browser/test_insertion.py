"""Insertion journeys in a real browser: a référent's day (caseload → diagnostic → objective →
action; the appointment step comes with the shared appointments app) and the person's phone view."""

import pytest

from .helpers import check_accessibility, log_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}
REQUIRED = {
    "q_situation_emploi": "sans_emploi",
    "q_projet_defini": "no",
    "q_disponibilite": "immediate",
    "q_besoin_formation": "yes",
    "q_permis_b": "no",
    "q_logement_stable": "yes",
    "q_frein_sante": "unknown",
    "q_difficultes_budget": "no",
    "q_droits_a_jour": "yes",
}


def test_a_referent_day(page):
    log_in(page, "referente")
    visit(page, "/insertion/?filtre=no_diagnostic")
    page.get_by_role("link", name="Kevin Martin").click()
    page.get_by_role("heading", level=1, name="Kevin Martin").wait_for()
    check_accessibility(page)
    page.get_by_role("link", name="Faire le diagnostic").click()
    check_accessibility(page)
    for name, value in REQUIRED.items():
        page.locator(f"select[name={name}]").select_option(value)
    page.locator("input[name=q_aisance_numerique]").fill("2")
    page.get_by_role("button", name="Enregistrer cette version").click()
    page.get_by_role("heading", level=1, name="Diagnostic — version 1").wait_for()
    assert page.get_by_text("Mobilité : Oui").is_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Kevin Martin").click()
    page.locator("#axis-theme").select_option("mobility")
    page.get_by_role("button", name="Ajouter l'axe").click()
    page.get_by_text("Axe ajouté.").wait_for()
    page.get_by_label("Nouvel objectif (Mobilité)").fill("Passer le permis B")
    page.get_by_role("button", name="Ajouter l'objectif").click()
    page.get_by_text("Objectif ajouté.").wait_for()
    page.get_by_label("Nouvelle action").fill("Inscription à l'auto-école sociale")
    page.get_by_role("button", name="Ajouter l'action").click()
    page.get_by_text("Action ajoutée.").wait_for()
    assert page.get_by_text("Inscription à l'auto-école sociale — Prévue").is_visible()
    check_accessibility(page)


@pytest.fixture
def phone(browser, stack):
    context = browser.new_context(
        base_url=stack.base_url, locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def _no_horizontal_overflow(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_the_person_on_her_phone(phone):
    log_in(phone, "personne")
    phone.get_by_role("link", name="Mon parcours").first.click()
    phone.get_by_role("heading", level=1, name="Mon parcours").wait_for()
    check_accessibility(phone)
    _no_horizontal_overflow(phone)
    phone.get_by_role("button", name="J'accepte l'objectif « Trouver un emploi dans l'entretien »").click()
    phone.get_by_text("Votre accord est enregistré.").wait_for()
    phone.get_by_role("link", name="Mes données, mes partages, qui les a consultées").click()
    phone.get_by_role("heading", level=1, name="Mes données").wait_for()
    assert phone.get_by_text("GE Partage Orne").first.is_visible()
    check_accessibility(phone)
    _no_horizontal_overflow(phone)
    phone.get_by_role("button", name="Retirer mon accord à GE Partage Orne").click()
    phone.get_by_text("n'a plus accès à vos données").wait_for()
    check_accessibility(phone)
