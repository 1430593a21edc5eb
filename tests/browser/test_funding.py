"""Funding in a real browser: the director opens the demo AMIGE draft, sees the rule still breached,
fixes the budget line while the check updates live, saves, and downloads the XLSX budget."""

import pytest

from .helpers import check_accessibility, log_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

AMIGE_TITLE = "Bourse d'emplois et plan de formation partagé entre les GE de l'Orne"


def test_the_director_fixes_her_amige_draft(page):
    log_in(page, "directrice")
    page.get_by_role("link", name="Financements").first.click()
    page.get_by_role("heading", level=1, name="Demandes de financement").wait_for()
    check_accessibility(page)
    page.get_by_role("link", name=AMIGE_TITLE).click()
    page.get_by_role("heading", level=1, name=AMIGE_TITLE).wait_for()
    checks = page.locator("section.checks")
    assert "ligne 5 « Ordinateur portable de la coordinatrice »" in checks.inner_text()
    check_accessibility(page)
    page.get_by_role("link", name="Budget et plan de financement").click()
    page.get_by_role("heading", level=1, name="Budget et plan de financement").wait_for()
    check_accessibility(page)
    live = page.locator("#checks")
    page.locator("input[name=lignes-4-justification]").fill(
        "Poste de travail de la coordinatrice de la bourse"
    )
    page.locator("input[name=lignes-4-justification]").press("Tab")
    page.get_by_text("Contrôle en direct (non enregistré)").wait_for()
    assert "Dépense à justifier" not in live.inner_text()
    # Asking one cent too much is named at once, before anything is saved.
    page.locator("input[name=financements-0-amount]").fill("60000.01")
    page.locator("input[name=financements-0-amount]").press("Tab")
    page.get_by_text("Plafond de l'aide (60 000,00 € par projet)", exact=False).first.wait_for()
    page.locator("input[name=financements-0-amount]").fill("40000.00")
    page.locator("input[name=financements-0-amount]").press("Tab")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Budget et plan de financement enregistrés.").wait_for()
    assert "Dépense à justifier" not in page.locator("section.checks").inner_text()
    check_accessibility(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Budget (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
