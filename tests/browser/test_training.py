"""Training shared between GEs in a real browser: the director opens the shared first-aid session of
the demo from « Formation », shares it with her territory, and follows one of her trainees to the
certificate — the signed half-days, the funding and the net cost; axe-core on every page."""

import pytest

from .helpers import check_accessibility, log_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_a_shared_session_from_offer_to_certificate(page):
    log_in(page, "directrice")
    page.get_by_role("link", name="Formation", exact=True).first.click()
    page.get_by_role("heading", level=1, name="Formation").wait_for()
    check_accessibility(page)
    page.locator("main table a").first.click()
    page.get_by_role("heading", level=2, name="Stagiaires de votre GE").wait_for()
    assert "Organisme" in page.locator("main dl").inner_text()
    check_accessibility(page)
    # Share the session's free seats with the GEs of her territory.
    boxes = page.locator("input[name=territories]")
    if boxes.count():
        boxes.first.check()
        page.get_by_role("button", name="Partager la session").click()
        page.get_by_role("heading", level=2, name="Stagiaires de votre GE").wait_for()
        check_accessibility(page)
    page.locator("main h2:has-text('Stagiaires de votre GE') + ul a").first.click()
    page.get_by_role("heading", level=2, name="Émargement par demi-journée").wait_for()
    details = page.locator("main dl").inner_text()
    assert "attestation du" in details  # the demo trainee's certificate
    assert "Coût net après financement" in details
    assert "Signé le" in page.locator("main table").inner_text()
    check_accessibility(page)


def test_the_plan_of_the_year_and_the_records_of_reviews(page):
    """The plan of the year with its budget per funder (the demo draws its needs), then the reviews
    page with the records to download and the certification about to expire."""
    log_in(page, "directrice")
    page.get_by_role("link", name="Formation", exact=True).first.click()
    page.get_by_role("link", name="Plans de formation").click()
    page.get_by_role("heading", level=1, name="Plans de formation").wait_for()
    check_accessibility(page)
    page.locator("main ul a").first.click()
    page.get_by_role("heading", level=2, name="Budget par financeur").wait_for()
    assert "Total" in page.locator("main table").first.inner_text()
    check_accessibility(page)
    page.get_by_role("link", name="Tous les plans").click()
    page.get_by_role("link", name="Retour à la formation").click()
    page.get_by_role("link", name="Entretiens de parcours professionnel").click()
    page.get_by_role("heading", level=2, name="Entretiens tenus").wait_for()
    assert "Sauveteur secouriste du travail" in page.locator("main").inner_text()
    check_accessibility(page)
