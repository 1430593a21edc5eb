"""The study PDF on the results page: start the build, follow it, download the file it wrote."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from mutualis.jobs.models import Job, JobStatus
from mutualis.needs import study_pdf
from mutualis.needs.models import ConsolidationRun, RunStatus
from tests.needs.factories import NeedFactory
from tests.www.needs.test_run_pages import morning, run_post

BUILD = "Étude de faisabilité (PDF)"
DOWNLOAD = "Télécharger l'étude (PDF)"


@pytest.fixture
def run(client, personas, django_capture_on_commit_callbacks):
    NeedFactory(member=personas.member_a1, site=personas.site_a1, slots=[morning(0), morning(1)])
    NeedFactory(member=personas.member_a2, site=personas.site_a2, slots=[morning(2), morning(3)])
    client.force_login(personas.planner_a)
    data = run_post(label="Essai du Pays d'Alençon")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("needs:run_create"), data)
    run = ConsolidationRun.objects.get()
    assert run.status == RunStatus.SUCCEEDED, run.error
    return run


def page(client, run):
    from html import unescape

    return unescape(client.get(reverse("needs:run_detail", args=[run.public_id])).content.decode())


@pytest.mark.django_db
def test_planner_builds_the_study_pdf_then_downloads_it(
    client, personas, run, django_capture_on_commit_callbacks
):
    body = page(client, run)
    assert BUILD in body and DOWNLOAD not in body
    assert client.get(reverse("needs:run_study_pdf", args=[run.public_id])).status_code == 404  # none yet
    assert client.get(reverse("needs:run_study_pdf_build", args=[run.public_id])).status_code == 405

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("needs:run_study_pdf_build", args=[run.public_id]))
    assert response.status_code == 302
    assert response.url == reverse("needs:run_detail", args=[run.public_id]) + "#etude"
    job = Job.objects.get(kind=study_pdf.JOB_KIND)
    assert job.status == JobStatus.SUCCEEDED and job.owner == personas.planner_a, job.error

    body = page(client, run)
    assert DOWNLOAD in body and "Régénérer le PDF" in body and BUILD not in body
    assert reverse("needs:run_study_pdf", args=[run.public_id]) in body
    pdf = client.get(reverse("needs:run_study_pdf", args=[run.public_id]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == f'attachment; filename="etude-faisabilite-{run.public_id}.pdf"'
    assert pdf.content.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Étude de faisabilité" in text and "Essai du Pays d'Alençon" in text
    assert "Poste p1" in text and "Carte des lieux" in text

    # Other GEs and roles without the run get nothing (the access matrix probes every persona).
    for user in ("director_b", "contact_a1"):
        client.force_login(personas[user])
        assert client.get(reverse("needs:run_study_pdf", args=[run.public_id])).status_code == 404
        assert client.post(reverse("needs:run_study_pdf_build", args=[run.public_id])).status_code == 404
    assert Job.objects.filter(kind=study_pdf.JOB_KIND).count() == 1


@pytest.mark.django_db
def test_the_page_follows_a_build_under_way(client, personas, run, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the worker has not started it yet
        response = client.post(reverse("needs:run_study_pdf_build", args=[run.public_id]))
    job = Job.objects.get(kind=study_pdf.JOB_KIND)
    body = page(client, run)
    assert reverse("jobs:progress", args=[job.public_id]) + "?refresh=1" in body
    assert BUILD not in body and DOWNLOAD not in body
    # The accountant (who reads runs, hence downloads the study) follows the same build.
    client.force_login(personas.accountant_a)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("needs:run_study_pdf_build", args=[run.public_id]))
    assert Job.objects.filter(kind=study_pdf.JOB_KIND).count() == 1
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_failed_build_says_so_in_french(client, run, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("needs:run_study_pdf_build", args=[run.public_id]))
    # The run loses its plan before the worker takes the job (as if it had been purged meanwhile).
    ConsolidationRun.objects.filter(pk=run.pk).update(plan=None)
    for callback in callbacks:
        callback()
    assert Job.objects.get(kind=study_pdf.JOB_KIND).status == JobStatus.FAILED
    body = page(client, run)
    assert "La génération de l'étude PDF a échoué." in body
    assert "Réessayer l'étude (PDF)" in body
    assert "Traceback" not in body and "ValueError" not in body
