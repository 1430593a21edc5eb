"""Every export neutralises formulas and control characters and opens well in French Excel (issue 17
item 2, issue 11 item 9)."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from mutualis.core import spreadsheets
from tests.factories import MemberFactory

HOSTILE = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]


@pytest.mark.parametrize("value", HOSTILE)
def test_text_that_looks_like_a_formula_is_written_as_text(value):
    assert spreadsheets.safe_text(value).startswith("'")


def test_numbers_and_dates_stay_typed_and_control_characters_go():
    assert spreadsheets.cell(Decimal("-12.50")) == Decimal("-12.50")
    assert spreadsheets.cell(datetime.date(2026, 1, 2)) == datetime.date(2026, 1, 2)
    assert spreadsheets.cell("Du\x0bpont") == "Dupont"


def test_csv_is_for_french_excel_and_xlsx_keeps_types():
    data = spreadsheets.dataset(
        ["Nom", "Montant", "Date"], [["=1+1", Decimal("2650.36"), datetime.date(2026, 3, 1)]], title="Test"
    )
    text = spreadsheets.export(data, "csv")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows == [["Nom", "Montant", "Date"], ["'=1+1", "2650,36", "01/03/2026"]]
    sheet = openpyxl.load_workbook(io.BytesIO(spreadsheets.export(data, "xlsx"))).active
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == "'=1+1"
    assert sheet["B2"].data_type == "n"
    assert sheet["C2"].is_date


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_member_list_export_with_a_hostile_name(client, personas, fmt):
    MemberFactory(group=personas.group_a, name="=cmd|' /C calc'!A0")
    # Old data may hold a control character (input now refuses it): the export still works.
    MemberFactory(group=personas.group_a, name="Ancien\x0bnom")
    client.force_login(personas.director_a)
    response = client.get(reverse("members:list"), {"_export": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
        names = [row[0] for row in csv.reader(io.StringIO(text), delimiter=";")]
    else:
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        names = [row[0].value for row in book.active.iter_rows()]
        assert all(row[0].data_type != "f" for row in book.active.iter_rows())
    assert "'=cmd|' /C calc'!A0" in names
    assert "Anciennom" in names
