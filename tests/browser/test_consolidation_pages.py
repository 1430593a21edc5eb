"""Browser test of the needs flow: a member contact draws a need on the week editor; a planner
consolidates the demo needs, watches the progress bar, accepts two positions, has the study PDF
built in the background and opens it.

Runs on the stack of tests/browser (real server and worker, Debian's Chromium); skipped without it.
"""

import re
import time

import pytest

from tests.browser.helpers import check_accessibility, log_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ROW_PX, START_HOUR = 14, 6  # as in mutualis/needs/static/needs/week-editor.js


def test_member_contact_draws_a_need_on_the_week_editor(page):
    log_in(page, "contact-adherent")
    visit(page, "/besoins/nouveau/")
    tuesday = page.locator(".week-editor-body").nth(1)
    tuesday.scroll_into_view_if_needed()
    page.mouse.wheel(0, 150)  # the 09:00–12:00 band in view
    page.wait_for_timeout(100)
    box = tuesday.bounding_box()
    y = lambda hour: box["y"] + (hour - START_HOUR) * 2 * ROW_PX + 1  # noqa: E731
    page.mouse.move(box["x"] + 20, y(9))
    page.mouse.down()
    page.mouse.move(box["x"] + 20, y(11), steps=4)
    page.mouse.move(box["x"] + 20, y(12), steps=4)
    page.mouse.up()
    assert page.locator("#id_slots-0-weekday").input_value() == "1"
    assert page.locator("#id_slots-0-start").input_value() == "09:00"
    assert page.locator("#id_slots-0-end").input_value() == "12:00"
    page.locator("#id_job_title").fill("Agent d’accueil")
    page.locator("#id_site").select_option(index=1)
    page.locator(".year-strip input[value='27']").check()
    page.locator(".year-strip input[value='28']").check()
    assert page.locator("#id_weeks_text").input_value() == "27-28"
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(r".*/besoins/[0-9a-f-]{36}/$"))
    assert page.get_by_text("mardi 09:00–12:00").first.is_visible()
    check_accessibility(page)


def test_planner_consolidates_accepts_two_positions_and_opens_the_study(page, stack):
    stack.manage("seed_demo_needs", "--group", "ge-partage-orne", "--wet-run")
    log_in(page, "planificateur")
    visit(page, "/besoins/")  # the list, its filters and exports, checked for accessibility
    visit(page, "/besoins/consolidations/nouvelle/")
    page.get_by_label("Temps de calcul (secondes)").fill("4")
    page.get_by_role("button", name="Lancer").click()
    page.wait_for_url(re.compile(r".*/besoins/consolidations/[0-9a-f-]{36}/$"))
    bar = page.locator("progress")
    seen = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if page.get_by_role("heading", name="Postes proposés").count():
            break
        if bar.count() == 1:
            seen.add(int(bar.get_attribute("value") or 0))
        page.wait_for_timeout(250)
    else:
        raise AssertionError(f"The consolidation did not finish; progress seen: {sorted(seen)}")
    check_accessibility(page)
    boxes = page.locator("input[name=positions]")
    assert boxes.count() >= 2
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_role("button", name="Accepter les postes cochés").click()
    assert page.get_by_text("2 poste(s) accepté(s)").is_visible()
    # The study PDF is built by the worker: the progress bar polls, the page reloads when it is done.
    page.get_by_role("button", name="Étude de faisabilité (PDF)").click()
    pdf_link = page.get_by_role("link", name="Télécharger l'étude (PDF)")
    pdf_link.wait_for(timeout=90_000)
    assert page.get_by_role("button", name="Régénérer le PDF").is_visible()
    check_accessibility(page)
    response = page.request.get(pdf_link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body()[:4] == b"%PDF"
    visit(page, "/besoins/postes/")
    page.locator("table a").first.click()
    page.wait_for_url(re.compile(r".*/besoins/postes/[0-9a-f-]{36}/$"))
    assert page.locator("svg").count() >= 1
    check_accessibility(page)


def test_census_campaign_public_form_is_accessible(page):
    log_in(page, "planificateur")
    visit(page, "/besoins/campagnes/nouvelle/")
    page.get_by_label("Nom de la campagne").fill("Recensement du Pays d'Alençon")
    page.get_by_label("Territoire").fill("Communauté urbaine d'Alençon")
    page.get_by_label("Ouverture").fill("2025-01-01")
    page.get_by_label("Clôture").fill("2099-12-31")
    page.get_by_label("Statut").select_option("open")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(r".*/besoins/campagnes/[0-9a-f-]{36}/$"))
    check_accessibility(page)
    public_url = page.locator("dd a[href*='/recensement/']").get_attribute("href")
    page.context.clear_cookies()
    visit(page, public_url)
    page.get_by_label("Nom de votre organisation").fill("Boulangerie du Parc")
    page.get_by_label("SIRET").fill("12345678901234")
    page.get_by_label("Personne à contacter").fill("Alex Dupont")
    page.get_by_label("Courriel").fill("alex@example.org")
    page.get_by_label("Commune du lieu de travail").fill("Alençon")
    page.get_by_label("Emploi recherché").fill("Vendeur")
    page.locator("#id_slots-0-weekday").select_option("5")
    page.locator("#id_slots-0-start").fill("07:00")
    page.locator("#id_slots-0-end").fill("13:00")
    page.get_by_role("button", name="Envoyer").click()
    assert page.get_by_text("pas un SIRET valide").is_visible()
    check_accessibility(page)
