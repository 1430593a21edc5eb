"""Every demo account, on a phone, with a browser set to English: the pages of its menu come out in
French (the language is chosen, never taken from the browser) and none is wider than the screen."""

import pytest

from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}
ACCOUNTS = ["directrice", "comptable", "contact-adherent", "salarie", "referente", "personne", "crge"]


@pytest.mark.parametrize("username", ACCOUNTS)
def test_menu_pages_fit_a_phone_and_speak_french(browser, stack, username):
    context = browser.new_context(
        base_url=stack.base_url, locale="en-US", viewport=PHONE, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        log_in(page, username)
        links = page.eval_on_selector_all("nav a[href^='/']", "els => els.map(e => e.getAttribute('href'))")
        assert links, f"{username}: no menu"
        too_wide, not_french = [], []
        for href in ["/", *dict.fromkeys(links)]:
            response = page.goto(href)
            assert response is not None and response.ok, f"{username} {href}: HTTP {response.status}"
            if page.evaluate("document.documentElement.lang") != "fr":
                not_french.append(href)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                too_wide.append(f"{href} ({width} px)")
        assert not not_french, f"{username}: pages not in French: {not_french}"
        assert not too_wide, f"{username}: pages wider than the phone: {too_wide}"
    finally:
        context.close()


def test_the_staff_menu_folds_on_a_phone_and_opens_with_its_button(browser, stack):
    """Twenty sections took 400 px of a phone before any content: they fold behind « Menu »; the
    employee's four entries stay in sight; on a wide screen nothing folds."""
    context = browser.new_context(base_url=stack.base_url, locale="fr-FR", viewport=PHONE, is_mobile=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        log_in(page, "directrice")
        planning = page.get_by_role("link", name="Planning", exact=True)
        assert not planning.is_visible()
        assert page.get_by_role("heading", level=1).bounding_box()["y"] < 300
        page.keyboard.press("Tab")  # skip link
        page.locator("#nav-toggle").focus()
        page.keyboard.press("Space")
        assert planning.is_visible()
        planning.click()
        page.wait_for_url("**/planning/semaine/**")
        page.set_viewport_size({"width": 1280, "height": 800})
        assert page.get_by_role("link", name="Planning", exact=True).is_visible()
        assert not page.get_by_text("Menu", exact=True).is_visible()
    finally:
        context.close()
    context = browser.new_context(base_url=stack.base_url, locale="fr-FR", viewport=PHONE, is_mobile=True)
    page = context.new_page()
    try:
        log_in(page, "salarie")
        assert page.get_by_role("link", name="Mon planning", exact=True).is_visible()
        assert page.locator("#nav-toggle").count() == 0
    finally:
        context.close()
