from decimal import Decimal

import pytest

from mutualis.core.identifiers import make_siret
from mutualis.employees.models import Employee
from mutualis.imports import services
from mutualis.imports.models import ImportStatus
from mutualis.members.models import Site
from tests.factories import MemberFactory, SiteFactory, SkillFactory

from .helpers import csv_upload

SITE_HEADER = ["siret_adherent", "nom", "adresse", "code_postal", "commune", "latitude", "longitude"]


def upload(personas, kind, rows):
    return services.create_batch(
        group=personas.group_a, owner=personas.planner_a, kind=kind, uploaded_file=csv_upload(rows)
    )


def errors_by_line(batch):
    return {(e["line"], e["column"]) for e in batch.errors}


@pytest.mark.django_db
def test_sites_import_and_checks(personas):
    a1 = personas.member_a1.siret
    rows = [
        SITE_HEADER,
        [a1, "Entrepôt", "1 rue X", "61000", "Alençon", "48,43215678", "0.0912"],  # 2 ok, rounded
        [a1, "Cuisine", "", "", "Sées", "", ""],  # 3 ok, no coordinates
        [personas.member_b1.siret, "Autre GE", "", "", "Caen", "", ""],  # 4 member of another GE
        [a1, personas.site_a1.name.upper(), "", "", "Alençon", "", ""],  # 5 existing site name
        [a1, "Bureau", "", "6100", "Alençon", "48,4", ""],  # 6 postcode, lat without lon
        [a1, "Hangar", "", "", "Alençon", "95", "0"],  # 7 latitude out of range
        [a1, "Cuisine", "", "", "Sées", "", ""],  # 8 duplicate of line 3
    ]
    batch = upload(personas, "sites", rows)
    assert errors_by_line(batch) == {
        (3, "nom"),
        (4, "siret_adherent"),
        (5, "nom"),
        (6, "code_postal"),
        (6, "longitude"),
        (7, "latitude"),
        (8, "nom"),
    }
    assert (batch.valid_rows, batch.error_rows) == (1, 6)
    services.confirm_import(batch=batch, actor=personas.planner_a, only_valid=True)
    site = Site.objects.get(name="Entrepôt")
    assert site.member == personas.member_a1 and site.group == personas.group_a
    assert site.latitude == Decimal("48.432157")
    assert not Site.objects.filter(name="Autre GE").exists()


EMP_HEADER = ["nom", "prenom", "date_naissance", "siret_adherent", "nom_site", "competences"]


@pytest.mark.django_db
def test_employee_home_site_resolution(personas):
    solo = MemberFactory(group=personas.group_a)
    solo_site = SiteFactory(member=solo, name="Unique")
    multi = MemberFactory(group=personas.group_a)
    SiteFactory(member=multi, name="Nord")
    SiteFactory(member=multi, name="Sud")
    SiteFactory(member=personas.member_a2, name="Nord")
    bare = MemberFactory(group=personas.group_a)
    SkillFactory(code="K2204")
    rows = [
        EMP_HEADER,
        ["Un", "A", "01/01/1990", solo.siret, "", "k2204"],  # 2 only site of the member
        ["Deux", "B", "", multi.siret, "sud", ""],  # 3 named site of the member
        ["Trois", "C", "", "", "Unique", ""],  # 4 unique name in the GE
        ["Quatre", "D", "", multi.siret, "", ""],  # 5 several sites: name needed
        ["Cinq", "E", "", "", "Nord", ""],  # 6 ambiguous name
        ["Six", "F", "", bare.siret, "", ""],  # 7 member without site
        ["Sept", "G", "", make_siret(424242), "", ""],  # 8 unknown member
        ["Huit", "H", "", "", "", "K2204|NOPE"],  # 9 unknown skill
        ["Neuf", "I", "01/01/2090", "", "", ""],  # 10 birth in the future
        ["Un", "A", "01/01/1990", "", "", ""],  # 11 duplicate of line 2
        [personas.employee_a.last_name, personas.employee_a.first_name, "", "", "", ""],  # 12 existing
    ]
    batch = upload(personas, "employees", rows)
    assert errors_by_line(batch) == {
        (2, "nom"),
        (5, "nom_site"),
        (6, "nom_site"),
        (7, "siret_adherent"),
        (8, "siret_adherent"),
        (9, "competences"),
        (10, "date_naissance"),
        (11, "nom"),
        (12, "nom"),
    }
    services.confirm_import(batch=batch, actor=personas.planner_a, only_valid=True)
    assert Employee.objects.get(last_name="Deux").home_site.name == "Sud"
    assert Employee.objects.get(last_name="Trois").home_site == solo_site
    assert not Employee.objects.filter(last_name="Un").exists()


@pytest.mark.django_db
def test_employee_skills_saved(personas):
    SkillFactory(code="K2204")
    SkillFactory(code="TR-EQUIPE")
    batch = upload(personas, "employees", [EMP_HEADER, ["Martin", "Léa", "", "", "", " k2204 | TR-EQUIPE "]])
    assert batch.errors == []
    services.confirm_import(batch=batch, actor=personas.planner_a, only_valid=False)
    employee = Employee.objects.get(last_name="Martin")
    assert sorted(employee.skills.values_list("code", flat=True)) == ["K2204", "TR-EQUIPE"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["nom", "prenom", "pointure"], ["A", "B", "42"]], "colonnes inconnues : pointure"),
        ([["nom"], ["A"]], "colonnes obligatoires absentes : prenom"),
        ([["nom", "prenom"]], "aucune ligne"),
    ],
)
def test_file_level_errors_store_nothing(personas, rows, message):
    from mutualis.imports.models import ImportBatch
    from mutualis.imports.reading import ImportFileError

    with pytest.raises(ImportFileError, match=message):
        upload(personas, "employees", rows)
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_validation_job_cancelled_and_failed(personas, settings, django_capture_on_commit_callbacks):
    from mutualis.jobs import services as job_services
    from mutualis.jobs.models import Job, JobStatus

    settings.MUTUALIS_IMPORT_SYNC_MAX_ROWS = 1
    rows = [EMP_HEADER, ["A", "a", "", "", "", ""], ["B", "b", "", "", "", ""]]
    batch = upload(personas, "employees", rows)  # job created, not run (no commit)
    assert batch.status == ImportStatus.VALIDATING
    job_services.request_cancel(job=batch.job)
    job_services.execute(batch.job.pk)
    batch.refresh_from_db()
    assert batch.job.status == JobStatus.CANCELLED and batch.status == ImportStatus.CANCELLED

    batch = upload(personas, "employees", rows)
    batch.file.delete(save=False)  # the worker cannot read it
    with pytest.raises(FileNotFoundError):
        job_services.execute(batch.job.pk)
    batch.refresh_from_db()
    assert Job.objects.get(pk=batch.job.pk).status == JobStatus.FAILED
    assert batch.status == ImportStatus.FAILED
