"""Create a member through the form: a bad SIRET is refused with a message on the field."""

import pytest
from django.urls import reverse

from mutualis.core.identifiers import make_siret

from .helpers import check_accessibility, log_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_director_creates_a_member(page):
    log_in(page, "directrice")
    visit(page, reverse("members:list"))
    page.get_by_role("link", name="Nouvel adhérent").click()
    page.wait_for_url(f"**{reverse('members:create')}")
    check_accessibility(page)

    page.get_by_label("Raison sociale").fill("Épicerie du Navigateur")
    page.get_by_label("Nature").select_option(label="Entreprise")
    page.get_by_label("SIRET").fill("12345678901234")  # wrong check digit
    page.get_by_label("Code NAF").fill("47.11C")
    page.get_by_label("Statut TVA").select_option(label="Assujetti à la TVA")
    page.get_by_label("Date d'adhésion").fill("2026-10-01")
    page.get_by_role("button", name="Enregistrer").click()

    error = page.locator(".field.has-error")
    assert "SIRET" in error.locator("label").inner_text()
    assert "n'est pas un SIRET valide" in error.inner_text()
    check_accessibility(page)  # the page with errors too

    page.get_by_label("SIRET").fill(make_siret(61_000_777))
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("heading", level=1, name="Épicerie du Navigateur").wait_for()
    assert page.get_by_text("Adhérent « Épicerie du Navigateur » créé.").is_visible()
    check_accessibility(page)
