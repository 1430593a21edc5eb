import pytest
from django.urls import reverse

from mutualis.core.identifiers import make_siret
from mutualis.imports.models import ImportBatch, ImportStatus
from mutualis.members.models import Member
from tests.imports.helpers import csv_upload, xlsx_upload

HEADER = ["raison_sociale", "nature", "siret", "statut_tva", "date_adhesion"]


def members_file(*rows, fmt="csv"):
    data = [HEADER, *rows]
    return (
        csv_upload(data, name="adherents.csv") if fmt == "csv" else xlsx_upload(data, name="adherents.xlsx")
    )


def good(n):
    return [f"Adhérent importé {n}", "Entreprise", make_siret(3000 + n), "Assujetti", "01/01/2024"]


@pytest.mark.django_db
def test_list_shows_form_formats_and_templates(client, personas):
    client.force_login(personas.planner_a)
    response = client.get(reverse("imports:list"))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in content
    assert "<code>siret_adherent</code>" in content and "<code>competences</code>" in content
    assert reverse("imports:template", args=["employees", "xlsx"]) in content


@pytest.mark.django_db
def test_accountant_reads_but_cannot_upload(client, personas):
    client.force_login(personas.accountant_a)
    response = client.get(reverse("imports:list"))
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' not in response.content.decode()
    response = client.post(reverse("imports:list"), {"kind": "members", "file": members_file(good(1))})
    assert response.status_code == 403
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["contact_a1", "employee_user_a", "partner_a", "observer_a"])
def test_non_staff_are_refused(client, personas, user):
    client.force_login(personas[user])
    assert client.get(reverse("imports:list")).status_code == 403
    assert client.get(reverse("imports:template", args=["members", "csv"])).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_upload_preview_then_import_only_valid(client, personas, fmt):
    client.force_login(personas.director_a)
    upload = members_file(good(1), ["", "Entreprise", "123", "Assujetti", "32/01/2024"], good(2), fmt=fmt)
    response = client.post(reverse("imports:list"), {"kind": "members", "file": upload})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "imports:detail", args=[batch.public_id]
    )
    assert batch.group == personas.group_a and batch.owner == personas.director_a

    content = client.get(response["Location"]).content.decode()
    assert '<th scope="row">3</th>' in content
    assert "<code>raison_sociale</code>" in content and "<code>date_adhesion</code>" in content
    assert "Importer seulement les 2 lignes valides" in content
    assert Member.objects.filter(name__startswith="Adhérent importé").count() == 0

    response = client.post(
        reverse("imports:confirm", args=[batch.public_id]), {"only_valid": "1"}, follow=True
    )
    assert "2 lignes importées" in response.content.decode()
    assert Member.objects.filter(group=personas.group_a, name__startswith="Adhérent importé").count() == 2
    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTED


@pytest.mark.django_db
def test_confirm_without_only_valid_refused_when_errors(client, personas):
    client.force_login(personas.director_a)
    client.post(reverse("imports:list"), {"kind": "members", "file": members_file(good(1), good(2), good(2))})
    batch = ImportBatch.objects.get()
    response = client.post(reverse("imports:confirm", args=[batch.public_id]), follow=True)
    assert "corrigez-le" in response.content.decode()
    assert not Member.objects.filter(name__startswith="Adhérent importé").exists()


@pytest.mark.django_db
def test_clean_file_offers_import_all(client, personas):
    client.force_login(personas.planner_a)
    client.post(reverse("imports:list"), {"kind": "members", "file": members_file(good(1), good(2), good(3))})
    batch = ImportBatch.objects.get()
    content = client.get(reverse("imports:detail", args=[batch.public_id])).content.decode()
    assert "Importer les 3 lignes" in content
    assert 'name="only_valid"' not in content
    client.post(reverse("imports:confirm", args=[batch.public_id]))
    assert Member.objects.filter(name__startswith="Adhérent importé").count() == 3


@pytest.mark.django_db
def test_unreadable_file_shows_error_on_the_form(client, personas):
    client.force_login(personas.planner_a)
    upload = csv_upload([["raison_sociale", "pointure"], ["A", "42"]], name="x.csv")
    response = client.post(reverse("imports:list"), {"kind": "members", "file": upload})
    assert response.status_code == 400
    assert "colonnes inconnues : pointure" in response.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_large_file_shows_progress_then_preview(
    client, personas, settings, django_capture_on_commit_callbacks
):
    settings.MUTUALIS_IMPORT_SYNC_MAX_ROWS = 2
    client.force_login(personas.planner_a)
    upload = members_file(good(1), good(2), good(3))
    response = client.post(reverse("imports:list"), {"kind": "members", "file": upload})
    batch = ImportBatch.objects.get()
    content = client.get(response["Location"]).content.decode()
    assert batch.status == ImportStatus.VALIDATING
    assert "<progress" in content and reverse("jobs:progress", args=[batch.job.public_id]) in content

    from mutualis.jobs.services import execute

    execute(batch.job.pk)
    content = client.get(response["Location"]).content.decode()
    assert "<progress" not in content and "Importer les 3 lignes" in content

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:confirm", args=[batch.public_id]), follow=True)
    assert "tâche de fond" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTED and batch.imported_rows == 3


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_template_download(client, personas, fmt):
    client.force_login(personas.accountant_a)
    response = client.get(reverse("imports:template", args=["sites", fmt]))
    assert response.status_code == 200
    assert f'filename="modele-import-sites.{fmt}"' in response["Content-Disposition"]
    if fmt == "csv":
        assert response.content.decode("utf-8-sig").startswith("siret_adherent;nom;adresse")


@pytest.mark.django_db
def test_template_unknown_kind_or_format_404(client, personas):
    client.force_login(personas.planner_a)
    assert client.get(reverse("imports:template", args=["contracts", "csv"])).status_code == 404
    assert client.get(reverse("imports:template", args=["members", "ods"])).status_code == 404


@pytest.mark.django_db
def test_other_group_gets_404_and_accountant_cannot_confirm(client, personas):
    client.force_login(personas.planner_a)
    client.post(reverse("imports:list"), {"kind": "members", "file": members_file(good(1))})
    batch = ImportBatch.objects.get()
    client.force_login(personas.director_b)
    assert client.get(reverse("imports:detail", args=[batch.public_id])).status_code == 404
    assert client.post(reverse("imports:confirm", args=[batch.public_id])).status_code == 404
    assert "adherents.csv" not in client.get(reverse("imports:list")).content.decode()
    client.force_login(personas.accountant_a)
    assert client.get(reverse("imports:detail", args=[batch.public_id])).status_code == 200
    assert client.post(reverse("imports:confirm", args=[batch.public_id])).status_code == 403
    client.force_login(personas.contact_a1)
    assert client.get(reverse("imports:detail", args=[batch.public_id])).status_code == 403
    assert not Member.objects.filter(name__startswith="Adhérent importé").exists()


@pytest.mark.django_db
def test_history_query_count(client, personas, django_assert_max_num_queries):
    client.force_login(personas.planner_a)
    for n in range(3):
        client.post(reverse("imports:list"), {"kind": "members", "file": members_file(good(n))})
    with django_assert_max_num_queries(10):
        client.get(reverse("imports:list"))


@pytest.mark.django_db
def test_members_import_warns_when_public_bodies_exceed_half(client, personas):
    client.force_login(personas.director_a)
    rows = [
        [f"Commune {n}", "Personne publique", make_siret(4000 + n), "Non assujetti", "01/01/2024"]
        for n in range(3)
    ]
    client.post(reverse("imports:list"), {"kind": "members", "file": members_file(*rows)})
    batch = ImportBatch.objects.get()
    response = client.post(reverse("imports:confirm", args=[batch.public_id]), follow=True)
    assert "dépassent maintenant la moitié" in response.content.decode()
