import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import SiteFactory

pytestmark = pytest.mark.django_db


def _pdf_text(response):
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_annex_lists_the_group_employee_members_and_places(client, personas):
    contract = personas.contract_a
    contract.potential_members.add(personas.member_a2)
    place = SiteFactory(
        member=personas.member_a2, name="Médiathèque", address="2 place du Marché", city="Sées"
    )
    contract.places.add(place)
    client.force_login(personas.planner_a)
    response = client.get(reverse("employees:contract_annex_pdf", args=[contract.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response)
    assert "L1253-9" in text
    assert "GE A" in text
    assert personas.employee_a.last_name in text
    for member in (personas.member_a1, personas.member_a2):
        assert member.name in text and member.siret in text
    for site in (personas.site_a1, place):
        assert site.name in text
    assert "2 place du Marché" in text and "Sées" in text
    assert "Adhérent B1" not in text


def test_annex_file_name_is_ascii(client, personas):
    employee = personas.employee_a
    employee.last_name, employee.first_name = "Œuvray-Łukasz", "Zoé"
    employee.save()
    client.force_login(personas.director_a)
    response = client.get(reverse("employees:contract_annex_pdf", args=[personas.contract_a.public_id]))
    assert 'filename="annexe-l1253-9-uvray-ukasz-zoe-2025-01-01.pdf"' in response["Content-Disposition"]


def test_employee_downloads_own_annex_only(client, personas):
    client.force_login(personas.employee_user_a)
    url = reverse("employees:contract_annex_pdf", args=[personas.contract_a.public_id])
    assert client.get(url).status_code == 200
    other = reverse("employees:contract_annex_pdf", args=[personas.contract_b.public_id])
    assert client.get(other).status_code == 404


def test_accountant_downloads_annex(client, personas):
    client.force_login(personas.accountant_a)
    url = reverse("employees:contract_annex_pdf", args=[personas.contract_a.public_id])
    assert client.get(url).status_code == 200
