"""Browser walk through the registry pages with an accessibility check (axe-core) on each."""

import pytest
from django.urls import reverse

from tests.browser.conftest import browser, page, stack  # noqa: F401 (fixtures)
from tests.browser.helpers import check_accessibility, log_in, visit

pytestmark = pytest.mark.browser


def _open_first_row(pw_page):
    pw_page.locator("table.registry-table tbody th[scope=row] a").first.click()
    pw_page.wait_for_load_state()
    check_accessibility(pw_page)


def test_staff_walk_the_registry(page):  # noqa: F811
    log_in(page, "planificateur")
    visit(page, reverse("members:list"))
    _open_first_row(page)
    page.get_by_role("link", name="Ajouter un site").click()
    page.wait_for_load_state()
    check_accessibility(page)
    page.get_by_label("Nom du site").fill("Annexe")
    page.get_by_label("Commune").fill("Nulle-Part")
    page.get_by_role("button", name="Géocoder depuis l'adresse").click()
    page.get_by_text("aucune coordonnée pour cette adresse").wait_for()
    check_accessibility(page)
    visit(page, reverse("members:sites"))
    _open_first_row(page)
    visit(page, reverse("employees:list"))
    _open_first_row(page)
    page.get_by_role("link", name="Modifier").click()
    page.wait_for_load_state()
    check_accessibility(page)
    visit(page, reverse("employees:contracts"))
    _open_first_row(page)
    page.get_by_role("link", name="Modifier").click()
    page.wait_for_load_state()
    check_accessibility(page)
    page.get_by_label("Type de contrat").select_option(label="CDD")
    page.get_by_label("Date de fin").fill("")
    page.get_by_role("button", name="Enregistrer").click()
    page.locator(".field.has-error").first.wait_for()
    check_accessibility(page)


def test_contact_and_employee_see_their_own_pages(page):  # noqa: F811
    log_in(page, "contact-adherent")
    page.get_by_role("link", name="Mon adhérent").click()
    page.wait_for_load_state()
    check_accessibility(page)
    assert page.get_by_role("heading", level=2, name="Sites").is_visible()
