import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from mutualis.gpec import forecasts as gpec
from mutualis.territories import services
from mutualis.territories.models import ForecastFile
from tests import factories

pytestmark = pytest.mark.django_db

CSV = (
    "famille_metier;libelle;zone;projets_recrutement;part_difficile;part_saisonniere\n"
    "K22;Nettoyage;Alençon;120;55,5;10\n"
    "M16;Secrétariat;Alençon;40;30;0\n"
)


@pytest.fixture
def territory():
    return services.create_territory(actor=None, name="T", kind="custom", commune_codes=["61001"])


def test_import_and_table_with_needs_of_sharing_ges(territory):
    from mutualis.needs import services as need_services

    group = factories.EmployerGroupFactory()
    services.set_sharing(actor=None, group=group, territory=territory, gpec=True)
    member = factories.MemberFactory(group=group)
    need_services.create_need(
        actor=None,
        group=group,
        member=member,
        job_title="Agent d'entretien",
        rome_code="K2204",
        kind="fixed",
        slots=[(480, 720)],
        weeks=[27, 28, 29],
    )
    silent = factories.EmployerGroupFactory()
    services.set_sharing(actor=None, group=silent, territory=territory, gpec=False)
    need_services.create_need(
        actor=None,
        group=silent,
        member=factories.MemberFactory(group=silent),
        job_title="Agent",
        rome_code="K2204",
        kind="fixed",
        slots=[(480, 1080)],
    )
    gpec.import_forecasts(actor=None, territory=territory, name="BMO", year=2026, content=CSV.encode())
    rows = {r["family"]: r for r in gpec.table(territory, year=2026)["rows"]}
    assert rows["K22"]["needed"] == Decimal("4.00")
    assert rows["K22"]["planned_hires"] == 120 and rows["K22"]["difficult_percent"] == Decimal("55.5")
    assert rows["K22"]["months"][6] == Decimal("4.00") and rows["K22"]["months"][0] == 0  # July only
    book = load_workbook(io.BytesIO(gpec.export_xlsx(territory, year=2026)))
    values = list(book.active.values)
    assert values[0][0] == "Famille de métiers"
    assert values[1][:5] == ("K22", 4.0, 0.0, 4.0, 120)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("famille_metier;zone\nK22;A\n", "Colonnes manquantes"),
        (CSV.replace("55,5", "120"), "Ligne 2, part_difficile"),
        (CSV.replace(";40;", ";-4;"), "Ligne 3, projets_recrutement"),
    ],
)
def test_bad_forecast_files_name_the_line_and_save_nothing(territory, content, message):
    with pytest.raises(ValidationError) as exc:
        gpec.import_forecasts(
            actor=None, territory=territory, name="BMO", year=2026, content=content.encode()
        )
    assert any(message in m for m in exc.value.messages)
    assert not ForecastFile.objects.exists()
