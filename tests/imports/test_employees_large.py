"""A 10,000-row employees file with exactly 3 % bad rows: every bad line is reported, nothing is
saved, then "import only the valid rows" saves exactly the others (through background jobs)."""

import random

import pytest

from mutualis.core.identifiers import make_siret
from mutualis.employees.models import Employee, SkillKind
from mutualis.imports import services
from mutualis.imports.models import ImportStatus
from mutualis.jobs.models import JobStatus
from tests.factories import MemberFactory, SiteFactory, SkillFactory

from .helpers import csv_upload, xlsx_upload

HEADER = [
    "nom",
    "prenom",
    "date_naissance",
    "courriel",
    "telephone",
    "adresse",
    "code_postal",
    "commune",
    "siret_adherent",
    "nom_site",
    "competences",
]
# Each kind of defect: (column it breaks, the bad value).
DEFECTS = [
    ("date_naissance", "31/02/1990"),
    ("nom", ""),
    ("nom_site", "Site inconnu"),
    ("courriel", "pas-un-courriel"),
    ("competences", "K2204|ZZ999"),
    ("code_postal", "6100"),
    ("siret_adherent", make_siret(99_999_999)),
]


def build_rows(count, member, bad_share=0.03, seed=7):
    rng = random.Random(seed)
    bad = dict.fromkeys(rng.sample(range(count), int(count * bad_share)))
    for n, i in enumerate(sorted(bad)):
        bad[i] = DEFECTS[n % len(DEFECTS)]
    rows = [HEADER]
    for i in range(count):
        values = {
            "nom": f"Nom{i:05d}",
            "prenom": "Camille" if i % 2 else "Dominique",
            "date_naissance": f"{1 + i % 28:02d}/{1 + i % 12:02d}/{1960 + i % 40}",
            "courriel": f"salarie{i}@example.org",
            "telephone": "06 00 00 00 00",
            "adresse": f"{i} rue de la Gare",
            "code_postal": "61000",
            "commune": "Alençon",
            "siret_adherent": member.siret,
            "nom_site": "Atelier" if i % 3 else "bureau",  # case differs from the stored name
            "competences": "K2204|TR-EQUIPE" if i % 4 else "",
        }
        if i in bad:
            column, value = bad[i]
            values[column] = value
        rows.append([values[h] for h in HEADER])
    expected = {i + 2: column for i, (column, _value) in bad.items()}  # header = line 1
    return rows, expected


@pytest.mark.django_db
@pytest.mark.parametrize(("fmt", "count"), [("csv", 10_000), ("xlsx", 2_000)])
def test_large_employee_file_reports_every_bad_line_then_imports_only_valid(
    personas, django_capture_on_commit_callbacks, fmt, count
):
    member = MemberFactory(group=personas.group_a)
    SiteFactory(member=member, name="Atelier")
    SiteFactory(member=member, name="Bureau")
    SkillFactory(code="K2204", kind=SkillKind.TECHNICAL)
    SkillFactory(code="TR-EQUIPE", kind=SkillKind.TRANSVERSAL)
    rows, expected = build_rows(count, member)
    upload = (
        csv_upload(rows, name="salaries.csv") if fmt == "csv" else xlsx_upload(rows, name="salaries.xlsx")
    )
    before = Employee.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        batch = services.create_batch(
            group=personas.group_a, owner=personas.planner_a, kind="employees", uploaded_file=upload
        )
    batch.refresh_from_db()
    assert batch.job is not None  # above MUTUALIS_IMPORT_SYNC_MAX_ROWS: a background job checked it
    assert batch.job.status == JobStatus.SUCCEEDED and batch.job.progress == 100
    assert batch.status == ImportStatus.READY
    assert len(expected) == count * 3 // 100
    assert (batch.total_rows, batch.error_rows, batch.valid_rows) == (
        count,
        len(expected),
        count - len(expected),
    )
    assert {e["line"]: e["column"] for e in batch.errors} == expected
    assert len(batch.errors) == len(expected)  # one reason per bad line, naming its column
    assert all(e["message"] for e in batch.errors)
    assert Employee.objects.count() == before  # nothing saved

    with django_capture_on_commit_callbacks(execute=True):
        assert not services.confirm_import(batch=batch, actor=personas.planner_a, only_valid=True)
    batch.refresh_from_db()
    assert batch.job.kind == services.SAVE_JOB and batch.job.status == JobStatus.SUCCEEDED
    assert batch.status == ImportStatus.IMPORTED
    assert batch.imported_rows == count - len(expected)
    assert Employee.objects.count() == before + count - len(expected)
    imported = Employee.objects.filter(group=personas.group_a, last_name__startswith="Nom")
    assert imported.filter(home_site__name="Bureau").count() > 0
    assert imported.filter(home_site__isnull=True).count() == 0
    assert Employee.skills.through.objects.filter(employee__in=imported, skill__code="TR-EQUIPE").count() > 0
