"""Timesheets in a real browser: an employee corrects a day on a phone-sized screen; a member
contact validates a month. The demo timesheets come from `seed_demo_timesheets` (after seed_demo):
the employee works the current month (corrected, then validated here); the previous months are
closed by the demo's billing history (mutualis/billing/demo.py)."""

import pytest

from .helpers import check_accessibility, log_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def demo_timesheets(stack):
    return stack.manage("seed_demo_timesheets")


@pytest.fixture
def phone(browser, stack, demo_timesheets):
    context = browser.new_context(
        base_url=stack.base_url, locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def test_employee_corrects_a_day_on_a_phone(phone):
    page = phone
    log_in(page, "salarie")
    page.get_by_role("link", name="Mes heures").click()
    page.get_by_role("heading", level=1, name="Mes heures").wait_for()
    check_accessibility(page)

    correct = page.get_by_role("link", name="Corriger le").first
    box = correct.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300  # a big touch target, full width
    correct.click()
    page.get_by_role("heading", level=1, name="Mes heures du").wait_for()
    check_accessibility(page)

    # A departure left empty: the field is named in the error, nothing is saved.
    page.get_by_label("Heure d'arrivée").fill("08:30")
    page.get_by_label("Heure de départ").fill("")
    page.get_by_role("button", name="Enregistrer mes heures").click()
    error = page.locator(".field.has-error")
    assert "Heure de départ" in error.locator("label").inner_text()
    assert "Indiquez l'heure de départ." in error.inner_text()
    check_accessibility(page)

    page.get_by_label("Heure de départ").fill("12:45")
    page.get_by_label("Commentaire").fill("Réunion d'équipe")
    page.get_by_role("button", name="Enregistrer mes heures").click()
    page.get_by_text("enregistrées : 4 h 15").wait_for()
    card = page.locator(".ts-day", has_text="Réunion d'équipe")
    assert "08:30–12:45" in card.inner_text()
    assert "corrigé" in card.inner_text()
    check_accessibility(page)


def test_member_contact_validates_a_month(page, demo_timesheets):
    log_in(page, "contact-adherent")
    page.get_by_role("link", name="Relevés d'heures", exact=True).click()
    page.get_by_role("heading", level=1, name="Relevés d'heures de").wait_for()
    check_accessibility(page)
    page.get_by_role("link", name="Vérifier, valider ou contester le relevé de").first.click()
    page.get_by_role("heading", level=2, name="Valider le mois").wait_for()
    check_accessibility(page)
    page.get_by_role("button", name="Valider les heures du mois").click()
    page.get_by_text("validé.").first.wait_for()
    assert page.locator(".ts-status").first.inner_text() == "Validé par l'adhérent"
    assert page.get_by_role("button", name="Valider les heures du mois").count() == 0
    check_accessibility(page)
