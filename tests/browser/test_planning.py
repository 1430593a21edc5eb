"""Planning in a real browser: the GE-wide week, an assignment that breaks the 11 h rest (the rule is
named, nothing saved for a planner), and moving a block by drag and drop."""

import re

import pytest
from django.urls import reverse

from .helpers import check_accessibility, log_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

WEEK = "2026-12-07"  # a week without public holidays, after the demo's reference date


def open_first_employee_week(page):
    visit(page, f"{reverse('planning:group_week')}?semaine={WEEK}")
    page.get_by_role("heading", level=1, name=re.compile("Planning du groupement")).wait_for()
    page.locator("table.group-grid tbody tr:has(.pblock) th a").first.click()
    page.get_by_role("heading", level=1, name=re.compile("Semaine de")).wait_for()
    check_accessibility(page)


def test_planner_sees_the_daily_rest_rule_named(page):
    log_in(page, "planificateur")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Planning", exact=True
    ).click()
    page.get_by_role("heading", level=1, name=re.compile("Planning du groupement")).wait_for()
    check_accessibility(page)
    open_first_employee_week(page)

    page.get_by_role("link", name="Nouvelle mise à disposition").click()
    page.get_by_role("heading", level=1, name=re.compile("Nouvelle mise à disposition")).wait_for()
    check_accessibility(page)
    site = page.get_by_label("Lieu de travail")
    site_label = site.locator("option").nth(1).inner_text()
    site.select_option(label=site_label)
    page.get_by_label(re.compile(r"^Adhérent")).select_option(label=site_label.split(" — ")[0])
    page.get_by_label("Date de début").fill(WEEK)
    # Monday 21:00–23:00 then Tuesday 06:00–08:00: 7 h of rest instead of 11 h.
    page.get_by_label("Jour (créneau 1)").select_option(label="lundi")
    page.get_by_label("Début (créneau 1)").fill("21:00")
    page.get_by_label("Fin (créneau 1)").fill("23:00")
    page.get_by_label("Jour (créneau 2)").select_option(label="mardi")
    page.get_by_label("Début (créneau 2)").fill("06:00")
    page.get_by_label("Fin (créneau 2)").fill("08:00")
    page.get_by_role("button", name="Enregistrer").click()

    alert = page.locator(".violations")
    alert.wait_for()
    assert "Repos quotidien minimal" in alert.inner_text()
    assert "Rien n'a été enregistré" in alert.inner_text()
    check_accessibility(page)


def test_planner_moves_a_block_by_drag_and_drop(page):
    log_in(page, "planificateur")
    open_first_employee_week(page)
    block = page.locator(".week-grid .block.movable").first
    source_day = block.get_attribute("data-date")
    target = page.locator(f'.week-grid td.drop-day:not([data-day="{source_day}"])').last  # Sunday
    block.drag_to(target)
    # Saved (the week reloads with a message) or refused (the move form names the broken rules).
    outcome = page.locator(".messages .message.success, #move-result .move-panel")
    outcome.first.wait_for()
    if page.locator("#move-result .move-panel").count():
        assert (
            page.locator("#move-result .violations").count()
            or page.locator("#move-result .form-errors").count()
        )
    else:
        assert "Le créneau est déplacé." in page.locator(".messages").inner_text()
        assert page.locator(".week-grid .tag", has_text="Journée déplacée").count() >= 1
    check_accessibility(page)


def test_employee_reads_their_week_and_month_on_a_phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "salarie")
    page.get_by_role("link", name="Mon planning", exact=True).click()
    page.get_by_role("heading", level=1, name=re.compile("Ma semaine du lundi")).wait_for()
    check_accessibility(page)
    visit(page, f"{reverse('planning:my_week')}?semaine={WEEK}")
    days = page.locator("ol.my-week > li")
    assert days.count() == 7
    assert page.locator(".my-blocks .pblock").count() >= 1
    # Nothing wider than the screen: the page does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("link", name="Mon mois").click()
    page.get_by_role("heading", level=1, name=re.compile("Mon planning")).wait_for()
    check_accessibility(page)
