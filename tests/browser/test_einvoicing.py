"""E-invoicing in a real browser: the accountant issues the open month, deposits one invoice with the
simulated platform, sees it approved by the member, records the payment and sees « encaissée »."""

import datetime
import re

import pytest

from .helpers import check_accessibility, log_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _wait_for_text(page, text, tries=60):
    """The worker deposits in the background: reload until the journal shows `text`."""
    for _ in range(tries):
        if text in page.locator("#einvoicing").locator("..").inner_text():
            return
        page.wait_for_timeout(500)
        page.reload()
    raise AssertionError(f"« {text} » never appeared on {page.url}")


def test_an_invoice_from_issue_to_encaissee(page):
    log_in(page, "comptable")
    # The demo leaves three issued invoices to deposit by hand (the open month is billed by
    # test_first_day, whatever the order the tests run in).
    visit(page, "/facturation/factures/")
    hrefs = page.eval_on_selector_all(
        "table a[href*='/facturation/factures/']", "links => links.map(a => a.getAttribute('href'))"
    )
    # One demo member's directory line is disabled: the platform rejects its invoices (213). Deposit
    # the first invoice left whose member the platform accepts.
    for href in hrefs:
        visit(page, href)
        if not page.get_by_role("button", name="Déposer sur la plateforme agréée").count():
            continue
        assert "B2B" in page.locator("#einvoicing").locator("..").inner_text()
        page.get_by_role("button", name="Déposer sur la plateforme agréée").click()
        page.get_by_text("est en cours de dépôt sur la plateforme agréée").wait_for()
        _wait_for_text(page, "200 Déposée")
        page.wait_for_timeout(500)
        page.reload()
        if "213 Rejetée" not in page.locator("#einvoicing").locator("..").inner_text():
            break
    else:
        raise AssertionError("no issued invoice left to deposit")
    check_accessibility(page)
    page.get_by_role("button", name="Simulateur : l'adhérent reçoit et approuve").click()
    _wait_for_text(page, "205 Approuvée")
    check_accessibility(page)
    invoice_url = page.url
    page.get_by_role("link", name="Enregistrer un paiement").click()
    page.get_by_label("Reçu le").fill(datetime.date.today().isoformat())
    page.get_by_label("Moyen de paiement").select_option("transfer")
    page.get_by_role("button", name="Enregistrer le paiement").click()
    page.wait_for_load_state()
    if page.url != invoice_url:
        page.goto(invoice_url)
    page.get_by_role("button", name="Mettre à jour les statuts").click()
    _wait_for_text(page, "212 Encaissée")
    journal = page.get_by_role("list", name="Statuts reçus de la plateforme").inner_text()
    assert re.search(r"212 Encaissée — [\d\s,]+ € \(TVA 20 %\)", journal), journal
    check_accessibility(page)
