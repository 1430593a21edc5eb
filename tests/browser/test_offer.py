"""The local offer in a real browser: the public search and its map (with every request outside the
site refused, as on an intranet), a référente orients a person, the structure answers through the
e-mailed link without an account, and the territory analysis — each page checked with axe-core."""

import re

import pytest

from .helpers import check_accessibility, log_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _offline(page, base_url):
    """Refuse every request that leaves the site; return the list of the refused URLs."""
    outside = []

    def handle(route):
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", handle)
    return outside


def test_search_and_map_without_network(page, stack):
    outside = _offline(page, stack.base_url)
    visit(page, "/offre/?commune=61006&categorie=mobilite")
    heading = page.get_by_role("heading", level=2, name=re.compile("services? trouvés?"))
    heading.wait_for()
    assert "Argentan" in heading.inner_text()
    # The map draws the outlines of the territory and the services' markers, with no tile server.
    page.locator(".geo-map path.leaflet-interactive").first.wait_for()
    assert page.locator(".geo-map path.leaflet-interactive").count() > 3
    assert page.locator(".leaflet-tile").count() == 0
    check_accessibility(page)
    page.locator(".cards a").first.click()
    page.get_by_role("heading", level=1).wait_for()
    assert page.get_by_text("Zone d'éligibilité").is_visible()
    check_accessibility(page)
    assert outside == []


def test_orientation_then_answer_by_link(page, browser, stack):
    log_in(page, "referente")
    visit(page, "/offre/?categorie=famille")
    page.get_by_role("link", name="Orienter une personne").first.click()
    page.get_by_role("heading", level=1, name="Orienter une personne").wait_for()
    check_accessibility(page)
    person = page.locator("select[name=beneficiary] option").last
    page.locator("select[name=beneficiary]").select_option(person.get_attribute("value"))
    page.get_by_label("Motif de l'orientation").fill(
        "Recherche d'une solution de garde pour reprendre un emploi."
    )
    page.locator("select[name=consent_given_via]").select_option("signed")
    page.get_by_role("button", name="Envoyer l'orientation").click()
    page.get_by_text("Orientation envoyée").wait_for()
    check_accessibility(page)
    orientation_url = page.url
    path = (
        stack.manage(
            "shell",
            "-c",
            "from mutualis.offer.models import Orientation; from mutualis.offer.services import answer_path; "
            "print(answer_path(Orientation.objects.filter(status='pending').order_by('-sent_at', '-id').first()))",
        )
        .strip()
        .splitlines()[-1]
    )
    # The receiving structure has no account: a fresh browser context, no session.
    context = browser.new_context(base_url=stack.base_url, locale="fr-FR")
    context.set_default_timeout(10_000)
    outsider = context.new_page()
    visit(outsider, path)
    outsider.get_by_label("Refuser").check()
    outsider.get_by_role("button", name="Enregistrer la réponse").click()
    outsider.get_by_text("Choisissez le motif du refus").wait_for()
    check_accessibility(outsider)
    outsider.get_by_label("Refuser").check()
    outsider.get_by_label("Motif du refus").select_option("full")
    outsider.get_by_role("button", name="Enregistrer la réponse").click()
    outsider.get_by_text("Merci : votre réponse est enregistrée").wait_for()
    check_accessibility(outsider)
    context.close()
    page.goto(orientation_url)
    page.get_by_text("Refusée").first.wait_for()
    check_accessibility(page)


def test_structure_staff_and_analysis(page):
    log_in(page, "referente")
    visit(page, "/offre/mes-services/")
    page.get_by_role("link", name="Modifier").first.click()
    page.get_by_role("button", name="Enregistrer").wait_for()
    check_accessibility(page)
    page.get_by_label("Places (total)").fill("20")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Service enregistré.").wait_for()
    check_accessibility(page)
    visit(page, "/offre/orientations/")
    assert page.get_by_text("Expirée sans réponse").first.is_visible()


def test_analysis_for_the_director(page):
    log_in(page, "directrice")
    visit(page, "/offre/analyse/")
    assert page.get_by_role("table").first.is_visible()
    visit(page, "/offre/import/")
