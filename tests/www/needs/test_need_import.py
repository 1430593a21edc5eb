import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mutualis.needs.models import Need, NeedKind

HEADER = "siret_adherent;site;emploi;code_rome;type;creneaux;volume_heures;plages;semaines\n"


def csv_file(personas, *lines):
    a1, a2 = personas.member_a1, personas.member_a2
    text = HEADER + "".join(
        line.format(a1=a1.siret, a2=a2.siret, site=personas.site_a1.name) + "\n" for line in lines
    )
    return SimpleUploadedFile("besoins.csv", text.encode("utf-8"), content_type="text/csv")


GOOD = "{a1};{site};Agent d'entretien;K2204;fixe;lundi 08:00-12:00, mercredi 14:00-17:00;;;"
FLEX = "{a2};;Secrétaire;M1607;flexible;;7,5;mardi 08:00-18:00;27-35"
OVERLAP = "{a1};;Accueil;;fixe;lun 11h00-13h00;;;"
BAD_SIRET = "12345678901234;;Cuisinier;;fixe;lundi 08:00-12:00;;;"
BAD_SLOT = "{a2};;Jardinier;;fixe;lundi 12:00-08:00;;;"


@pytest.mark.django_db
def test_check_lists_every_bad_line_and_saves_nothing(client, personas):
    client.force_login(personas.planner_a)
    upload = csv_file(personas, GOOD, FLEX, OVERLAP, BAD_SIRET, BAD_SLOT)
    response = client.post(reverse("needs:import"), {"file": upload, "mode": "check"})
    result = response.context["result"]
    assert result.lines == 5 and result.bad_lines == [4, 5, 6]
    by_line = {line: (column, message) for line, column, message in result.errors}
    assert by_line[4][0] == "creneaux" and "chevauche" in by_line[4][1]
    assert by_line[5][0] == "siret_adherent"
    assert by_line[6][0] == "creneaux"
    assert not Need.objects.exists()


@pytest.mark.django_db
def test_import_all_refuses_a_file_with_errors_and_valid_keeps_the_good_lines(client, personas):
    client.force_login(personas.planner_a)
    client.post(reverse("needs:import"), {"file": csv_file(personas, GOOD, BAD_SIRET), "mode": "all"})
    assert not Need.objects.exists()
    client.post(reverse("needs:import"), {"file": csv_file(personas, GOOD, FLEX, BAD_SIRET), "mode": "valid"})
    assert Need.objects.count() == 2
    flexible = Need.objects.get(kind=NeedKind.FLEXIBLE)
    assert flexible.weekly_minutes == 450 and flexible.weeks == list(range(27, 36))
    assert [(w.start, w.end) for w in flexible.windows.all()] == [(1920, 2520)]


@pytest.mark.django_db
def test_xlsx_files_import_too(client, personas):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(";"))
    sheet.append(
        GOOD.format(a1=personas.member_a1.siret, site=personas.site_a1.name).split(";", 5)[:5]
        + ["lundi 08:00-12:00"]
    )
    data = io.BytesIO()
    book.save(data)
    upload = SimpleUploadedFile("besoins.xlsx", data.getvalue())
    client.force_login(personas.planner_a)
    client.post(reverse("needs:import"), {"file": upload, "mode": "all"})
    assert Need.objects.get().site == personas.site_a1


@pytest.mark.django_db
def test_unknown_columns_and_rights(client, personas):
    client.force_login(personas.planner_a)
    upload = SimpleUploadedFile("b.csv", b"emploi;couleur\nX;bleu\n", content_type="text/csv")
    result = client.post(reverse("needs:import"), {"file": upload, "mode": "check"}).context["result"]
    assert {(c, m) for _, c, m in result.errors} >= {
        ("siret_adherent", "Colonne obligatoire absente."),
        ("couleur", "Colonne inconnue."),
    }
    client.force_login(personas.accountant_a)
    assert client.get(reverse("needs:import")).status_code == 403
    client.force_login(personas.contact_a1)
    assert client.get(reverse("needs:import")).status_code == 404


@pytest.mark.django_db
def test_several_slots_in_one_cell(client, personas):
    client.force_login(personas.planner_a)
    client.post(reverse("needs:import"), {"file": csv_file(personas, GOOD), "mode": "all"})
    assert [(s.start, s.end) for s in Need.objects.get().slots.all()] == [(480, 720), (3720, 3900)]
