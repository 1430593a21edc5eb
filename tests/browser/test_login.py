"""Log in as the demo director, see the GE's dashboard, switch organisation."""

import pytest

from .helpers import check_accessibility, log_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_director_logs_in_and_sees_the_dashboard(page):
    log_in(page, "directrice")
    assert page.get_by_role("heading", level=1).inner_text() == "GE Partage Orne"
    assert page.get_by_text("adhérents actifs").is_visible()
    assert page.get_by_text("personnes publiques adhérentes").is_visible()


def test_director_switches_to_her_second_group(page):
    log_in(page, "directrice")
    page.get_by_label("Organisation").select_option(label="GE Sport Sarthe — Planification")
    page.get_by_role("button", name="Changer").click()
    page.get_by_role("heading", level=1, name="GE Sport Sarthe").wait_for()
    assert page.get_by_text("Vous agissez maintenant pour : GE Sport Sarthe.").is_visible()
    check_accessibility(page)


def test_wrong_password_is_refused_with_a_message(page):
    page.goto("/comptes/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("directrice")
    page.get_by_label("Mot de passe").fill("pas-le-bon")
    page.get_by_role("button", name="Se connecter").click()
    assert page.get_by_role("alert").is_visible()
    check_accessibility(page)


def test_the_accessibility_check_catches_a_violation(page):
    """The axe-core check is live: an image without alternative text is a critical violation."""
    page.set_content('<!DOCTYPE html><html lang="fr"><title>t</title><main><img src="x.png"></main></html>')
    with pytest.raises(AssertionError, match="image-alt"):
        check_accessibility(page)
