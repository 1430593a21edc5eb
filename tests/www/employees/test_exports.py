import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.factories import ContractFactory, EmployeeFactory

pytestmark = pytest.mark.django_db


def test_employee_export_has_all_filtered_rows_in_csv_and_xlsx(client, personas):
    EmployeeFactory.create_batch(28, group=personas.group_a, city="Flers")
    EmployeeFactory(group=personas.group_a, city="Sées")
    client.force_login(personas.director_a)
    response = client.get(reverse("employees:list"), {"city": "flers", "_export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Nom", "Prénom", "Commune", "Site de rattachement", "Contrats", "Statut"]
    assert len(rows) == 29 and {r[2] for r in rows[1:]} == {"Flers"}
    response = client.get(reverse("employees:list"), {"city": "flers", "_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 29 and sheet.cell(1, 1).value == "Nom"


def test_contract_export_keeps_numbers_and_dates(client, personas):
    ContractFactory.create_batch(27, employee=EmployeeFactory(group=personas.group_a), fixed_term=True)
    client.force_login(personas.accountant_a)
    response = client.get(reverse("employees:contracts"), {"kind": "cdd", "_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["Salarié", "Type de contrat", "Emploi", "Durée hebdomadaire (h)"]
    assert sheet.max_row == 28
    assert float(sheet.cell(2, 5).value) == 12.5
    assert sheet.cell(2, 7).value.year == 2026
    response = client.get(reverse("employees:contracts"), {"kind": "cdd", "_export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 28 and rows[1][1] == "CDD"
