"""Import a members file with a bad row: the preview names the line and the reason; nothing is saved."""

import pytest
from django.urls import reverse

from mutualis.core.identifiers import make_siret

from .helpers import check_accessibility, log_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_import_preview_reports_the_bad_row_and_saves_nothing(page, tmp_path):
    good_1, good_2 = make_siret(61_000_901), make_siret(61_000_902)
    bad = good_1[:-1] + str((int(good_1[-1]) + 1) % 10)  # wrong check digit
    csv_file = tmp_path / "adherents-navigateur.csv"
    csv_file.write_text(
        "raison_sociale;nature;siret;code_naf;tranche_effectif;statut_tva;date_adhesion\n"
        f"Ferme Import Un;Entreprise;{good_1};01.13Z;1-9;Assujetti;15/01/2026\n"
        f"Ferme Import Deux;Entreprise;{bad};01.13Z;1-9;Assujetti;15/01/2026\n"
        f"Ferme Import Trois;Entreprise;{good_2};01.13Z;1-9;Assujetti;15/01/2026\n",
        encoding="utf-8",
    )
    log_in(page, "directrice")
    visit(page, reverse("imports:list"))
    page.get_by_label("Données à importer").select_option(label="Adhérents")
    page.get_by_label("Fichier CSV ou XLSX").set_input_files(csv_file)
    page.get_by_role("button", name="Vérifier le fichier").click()
    page.get_by_role("heading", level=1, name="adherents-navigateur.csv").wait_for()
    check_accessibility(page)

    errors = page.locator("table.import-errors tbody tr")
    assert errors.count() == 1
    row = errors.first
    assert row.locator("th").inner_text() == "3"  # line 1 is the header
    assert row.locator("td").first.inner_text() == "siret"
    assert "n'est pas un SIRET valide" in row.inner_text()
    assert page.get_by_text("Rien n'est enregistré pour l'instant.").is_visible()

    # Nothing saved: the members list does not know the file's members.
    visit(page, reverse("members:list") + "?q=Ferme+Import")
    assert page.get_by_text("Ferme Import Un").count() == 0
    visit(page, reverse("members:list") + "?q=Damigny")  # the search itself works
    assert page.get_by_role("link", name="Commune de Damigny").count() == 1
