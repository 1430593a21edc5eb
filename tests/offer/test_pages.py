import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mutualis.accounts.roles import Role
from mutualis.offer.models import ImportRun, Service
from tests.factories import MembershipFactory
from tests.insertion.factories import professional

from . import files
from .helpers import import_services

pytestmark = pytest.mark.usefixtures("geography")


def test_import_pages_check_first_then_import_only_the_good_rows(client):
    client.force_login(MembershipFactory(role=Role.DIRECTOR).user)
    text = files.document(
        services=[files.service(id="dora--bon"), files.service(id="dora--mauvais", frais="x")]
    )
    upload = SimpleUploadedFile("offre.json", text.encode(), content_type="application/json")
    response = client.post("/offre/import/", {"file": upload})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and run.status == "checked"
    page = client.get(f"/offre/import/{run.public_id}/").content.decode()
    assert "service n° 2, champ « frais »" in page
    assert Service.objects.count() == 0
    refused = client.post(f"/offre/import/{run.public_id}/", {})
    import html

    assert "rien n'est importé" in html.unescape(refused.content.decode()), html.unescape(
        refused.content.decode()
    )[-3000:]
    assert Service.objects.count() == 0
    client.post(f"/offre/import/{run.public_id}/", {"good_rows_only": "on"})
    assert list(Service.objects.values_list("di_id", flat=True)) == ["dora--bon"]


def test_search_page_queries_do_not_grow_with_the_results(client, django_assert_max_num_queries):
    import_services(*[files.service(id=f"dora--{i}", zone_eligibilite=["61"]) for i in range(3)])
    with django_assert_max_num_queries(12):
        client.get("/offre/", {"commune": "61006"})
    import_services(*[files.service(id=f"dora--{i}", zone_eligibilite=["61"]) for i in range(3, 30)])
    with django_assert_max_num_queries(12):
        response = client.get("/offre/", {"commune": "61006"})
    assert "30 services trouvés" in response.content.decode()


def test_structure_staff_edit_their_services_only(client):
    service = import_services(files.service())["emplois-de-linclusion--17"]
    staff = professional(service.structure.organisation, username="staff")
    client.force_login(staff.user)
    assert client.get(f"/offre/services/{service.public_id}/modifier/").status_code == 200
    client.force_login(professional(username="autre").user)
    assert client.get(f"/offre/services/{service.public_id}/modifier/").status_code == 404


def test_an_archived_service_is_hidden_from_the_public(client):
    service = import_services(files.service())["emplois-de-linclusion--17"]
    Service.objects.filter(pk=service.pk).update(status="archived")
    assert client.get(f"/offre/services/{service.public_id}/").status_code == 404
