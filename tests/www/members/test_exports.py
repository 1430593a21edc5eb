import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.factories import MemberFactory, SiteFactory

pytestmark = pytest.mark.django_db


def _csv_rows(response):
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode(
        "utf-8-sig"
    )
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _xlsx_rows(response):
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def test_member_export_contains_every_filtered_row_not_just_the_page(client, personas):
    MemberFactory.create_batch(30, group=personas.group_a, name="Ferme", public_body=True)
    MemberFactory(group=personas.group_b, name="Ferme étrangère", public_body=True)
    client.force_login(personas.director_a)
    response = client.get(reverse("members:list"), {"kind": "public_body", "_export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="adherents.csv"' in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert rows[0][:3] == ["Raison sociale", "Nature", "SIRET"]
    assert len(rows) == 31
    assert {r[0] for r in rows[1:]} == {"Ferme"}
    assert rows[1][1] == "Personne publique (collectivité, établissement public)"

    response = client.get(reverse("members:list"), {"kind": "public_body", "_export": "xlsx"})
    rows = _xlsx_rows(response)
    assert rows[0][0] == "Raison sociale" and rows[0][-1] == "Statut"
    assert len(rows) == 31
    assert all(r[0] == "Ferme" for r in rows[1:])


def test_site_export_in_both_formats(client, personas):
    SiteFactory(member=personas.member_a2, name="Entrepôt", city="Argentan")
    client.force_login(personas.planner_a)
    rows = _csv_rows(client.get(reverse("members:sites"), {"city": "argentan", "_export": "csv"}))
    assert rows[0] == [
        "Nom du site",
        "Adhérent",
        "Adresse",
        "Code postal",
        "Commune",
        "Latitude",
        "Longitude",
        "Statut",
    ]
    assert [r[0] for r in rows[1:]] == ["Entrepôt"]
    rows = _xlsx_rows(client.get(reverse("members:sites"), {"city": "argentan", "_export": "xlsx"}))
    assert rows[1][:2] == ["Entrepôt", "Adhérent A2"]


def test_export_is_refused_to_non_staff(client, personas):
    client.force_login(personas.contact_a1)
    assert client.get(reverse("members:list"), {"_export": "csv"}).status_code == 404
