"""Issue 11's « Done when » in a real browser, on the demo that `make run` builds:

- the accountant bills and issues the last open month from the pages (no /admin/, no blocked run);
- every role's home page shows at least one thing to do (screenshots, accessibility check).
"""

import os
from pathlib import Path

import pytest

from .helpers import check_accessibility, log_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ROLES = ("directrice", "planificateur", "comptable", "contact-adherent", "salarie")


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    """Where screenshots go: $MUTUALIS_SCREENSHOTS if set (kept), else a temporary folder."""
    folder = os.environ.get("MUTUALIS_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.parametrize("username", ROLES)
def test_every_home_page_shows_something_to_do(page, username, shots):
    log_in(page, username)
    todo = page.get_by_role("region", name="À faire")
    todo.wait_for()
    links = todo.get_by_role("link")
    assert links.count() >= 1
    check_accessibility(page)
    page.screenshot(path=str(shots / f"accueil-{username}.png"), full_page=True)
    # The first thing to do opens a page that works.
    href = links.first.get_attribute("href")
    response = page.goto(href)
    assert response is not None and response.ok, href
    check_accessibility(page)


def test_accountant_bills_and_issues_the_last_open_month(page, shots):
    log_in(page, "comptable")
    page.get_by_role("link", name="Facturer").first.click()
    page.get_by_role("heading", level=1, name="Facturation mensuelle").wait_for()
    check_accessibility(page)
    page.get_by_role("button", name="Calculer les brouillons").click()
    # The worker computes the drafts; the page reloads when the job ends.
    page.get_by_text("seront émises pour un total de").wait_for(timeout=90_000)
    assert "Facturation bloquée" not in page.content()
    assert "/admin/" not in page.url
    check_accessibility(page)
    page.screenshot(path=str(shots / "facturation-brouillons.png"), full_page=True)
    page.get_by_label("Je confirme l'émission de ces factures").check()
    page.get_by_role("button", name="Émettre les factures").click()
    page.get_by_text("émise(s) pour").wait_for()
    assert page.get_by_role("button", name="Émettre les factures").count() == 0
    check_accessibility(page)
    page.screenshot(path=str(shots / "facturation-emise.png"), full_page=True)
