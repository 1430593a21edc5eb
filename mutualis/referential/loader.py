"""Load the shipped referential (data/*.csv) into the database. Idempotent: rows are matched by code
(appellations by job and label) and updated; nothing is deleted. A GE's own skills are untouched."""

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def _rows(name, directory=DATA):
    with open(directory / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def load(models=None, directory=DATA):
    """Load families, jobs, appellations and skills. `models`: {"JobFamily": …, "JobSheet": …,
    "Appellation": …, "Skill": …} (a migration passes its historical models). Returns counts."""
    if models is None:
        from mutualis.employees.models import Skill

        from .models import Appellation, JobFamily, JobSheet

        models = {"JobFamily": JobFamily, "JobSheet": JobSheet, "Appellation": Appellation, "Skill": Skill}
    JobFamily, JobSheet, Appellation, Skill = (
        models[k] for k in ("JobFamily", "JobSheet", "Appellation", "Skill")
    )
    families = {}
    for row in _rows("families.csv", directory):
        families[row["code"]], _ = JobFamily.objects.update_or_create(
            code=row["code"],
            defaults={"label": row["label"], "fap_code": row["fap_code"], "fap_label": row["fap_label"]},
        )
    jobs = {}
    for row in _rows("jobs.csv", directory):
        family = families.get(row["code"][:3]) or JobFamily.objects.filter(code=row["code"][:3]).first()
        jobs[row["code"]], _ = JobSheet.objects.update_or_create(
            code=row["code"], defaults={"label": row["label"], "family": family}
        )
        Skill.objects.update_or_create(
            code=row["code"],
            defaults={"label": row["label"], "kind": "technical", "rome_code": row["code"], "group": None},
        )
    appellations = 0
    for row in _rows("appellations.csv", directory):
        job = jobs.get(row["rome_code"]) or JobSheet.objects.get(code=row["rome_code"])
        Appellation.objects.get_or_create(job=job, label=row["label"])
        appellations += 1
    skills = _rows("skills.csv", directory)
    for row in skills:
        Skill.objects.update_or_create(
            code=row["code"], defaults={"label": row["label"], "kind": row["kind"], "group": None}
        )
    return {"families": len(families), "jobs": len(jobs), "appellations": appellations, "skills": len(skills)}
