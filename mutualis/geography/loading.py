"""Load the shipped geography files (`data/`) into the database, idempotently.

Called by the migration `0002_load_reference_data` (so every database, the tests' included, has the
data) and by `manage.py load_geography` (to reload after a transactional test flushed the tables, or
with `--force`). Each dataset is skipped when its files' checksum matches the last load
(`DataLoad`); otherwise its rows are upserted by code, so rows that point to them stay valid.
The files and their sources are described in docs/geography.md.
"""

import csv
import gzip
import hashlib
import io
import json
from pathlib import Path

from django.apps import apps as global_apps
from django.db import connection, transaction

from .text import search_key

DATA_DIR = Path(__file__).resolve().parent / "data"
BATCH = 2000

DATASETS = {
    "cog": ["regions.csv", "departements.csv", "epci.csv.gz", "communes.csv.gz"],
    "outlines": [
        "outlines-regions.geojson.gz",
        "outlines-departements.geojson.gz",
        "outlines-epci-demo.geojson.gz",
        "outlines-communes-53.geojson.gz",
        "outlines-communes-61.geojson.gz",
        "outlines-communes-72.geojson.gz",
        "outlines-employment-areas-demo.geojson.gz",
    ],
    "demo-employment-areas": ["demo-employment-areas.csv.gz"],
    "demo-priority-areas": ["demo-priority-areas.csv"],
}
OUTLINE_LEVELS = {
    "outlines-regions": "region",
    "outlines-departements": "departement",
    "outlines-epci": "epci",
    "outlines-communes": "commune",
    "outlines-employment-areas": "zone_emploi",
}


def read_text(name):
    path = DATA_DIR / name
    if name.endswith(".gz"):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return f.read()
    return path.read_text(encoding="utf-8")


def read_csv(name):
    return list(csv.DictReader(io.StringIO(read_text(name))))


def checksum(names):
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode())
        digest.update((DATA_DIR / name).read_bytes())
    return digest.hexdigest()


def _upsert(model, rows, unique=("code",)):
    """INSERT … ON CONFLICT DO UPDATE (SQLite and PostgreSQL) of plain dicts keyed by column name: the
    ORM's bulk_create would spend most of its time building 35,000 model instances."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = list(rows[0])
    quoted = [connection.ops.quote_name(c) for c in columns]
    updates = [f"{q} = excluded.{q}" for c, q in zip(columns, quoted, strict=True) if c not in unique]
    conflict = ", ".join(connection.ops.quote_name(c) for c in unique)
    sql = (
        f"INSERT INTO {table} ({', '.join(quoted)}) VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({conflict}) DO UPDATE SET {', '.join(updates)}"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, [tuple(r[c] for c in columns) for r in rows[start : start + BATCH]])


def bbox(geometry):
    """(min_lon, min_lat, max_lon, max_lat) of a GeoJSON Polygon or MultiPolygon."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    lons = [p[0] for polygon in polygons for ring in polygon for p in ring]
    lats = [p[1] for polygon in polygons for ring in polygon for p in ring]
    return min(lons), min(lats), max(lons), max(lats)


def load_cog(models):
    _upsert(models["Region"], [{"code": r["code"], "name": r["nom"]} for r in read_csv("regions.csv")])
    _upsert(
        models["Department"],
        [
            {"code": d["code"], "name": d["nom"], "region_id": d["region"]}
            for d in read_csv("departements.csv")
        ],
    )
    _upsert(
        models["Epci"],
        [{"code": e["code"], "name": e["nom"], "kind": e["type"]} for e in read_csv("epci.csv.gz")],
    )
    rows = read_csv("communes.csv.gz")
    # Arrondissements after their commune (the parent key must exist).
    rows.sort(key=lambda r: (bool(r["commune_parent"]), r["code"]))
    _upsert(
        models["Commune"],
        [
            {
                "code": r["code"],
                "name": r["nom"],
                "kind": r["type"],
                "parent_id": r["commune_parent"] or None,
                "department_id": r["departement"],
                "region_id": r["region"],
                "epci_id": r["epci"] or None,
                "latitude": float(r["latitude"]) if r["latitude"] else None,
                "longitude": float(r["longitude"]) if r["longitude"] else None,
                "population": int(r["population"]) if r["population"] else None,
                "search_name": search_key(r["nom"]),
            }
            for r in rows
        ],
    )
    Postcode = models["Postcode"]
    Postcode.objects.all().delete()
    table = connection.ops.quote_name(Postcode._meta.db_table)
    postcodes = [(pc, r["code"]) for r in rows for pc in r["codes_postaux"].split()]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} (code, commune_id) VALUES (%s, %s)", postcodes)
    return len(rows)


def load_outlines(models):
    rows = []
    for name in DATASETS["outlines"]:
        level = next(v for k, v in OUTLINE_LEVELS.items() if name.startswith(k))
        for feature in json.loads(read_text(name))["features"]:
            min_lon, min_lat, max_lon, max_lat = bbox(feature["geometry"])
            rows.append(
                {
                    "level": level,
                    "code": feature["properties"]["code"],
                    "name": feature["properties"]["nom"],
                    "geometry": json.dumps(feature["geometry"], separators=(",", ":")),
                    "min_lon": min_lon,
                    "min_lat": min_lat,
                    "max_lon": max_lon,
                    "max_lat": max_lat,
                }
            )
    _upsert(models["Outline"], rows, unique=("level", "code"))
    return len(rows)


def load_demo_employment_areas(models):
    """The demo approximation, only where no official zoning was imported (docs/geography.md)."""
    EmploymentArea, Commune = models["EmploymentArea"], models["Commune"]
    if EmploymentArea.objects.exclude(source="demo").exists():
        return 0
    rows = read_csv("demo-employment-areas.csv.gz")
    _upsert(EmploymentArea, [{"code": r["code"], "name": r["nom"], "source": "demo"} for r in rows])
    for r in rows:
        Commune.objects.filter(code__in=r["communes"].split()).update(employment_area_id=r["code"])
    return len(rows)


def load_demo_priority_areas(models):
    PriorityArea, Commune = models["PriorityArea"], models["Commune"]
    rows = read_csv("demo-priority-areas.csv")
    for r in rows:
        area, _ = PriorityArea.objects.update_or_create(
            kind=r["kind"], code=r["code"], defaults={"name": r["nom"], "source": "demo"}
        )
        area.communes.set(Commune.objects.filter(code__in=r["communes"].split()))
    return len(rows)


LOADERS = {
    "cog": load_cog,
    "outlines": load_outlines,
    "demo-employment-areas": load_demo_employment_areas,
    "demo-priority-areas": load_demo_priority_areas,
}


def load_reference_data(*, apps=None, force=False, log=None):
    """Load every dataset whose files changed since the last load (all of them with `force`).
    `apps`: the migration's app registry (historical models), default the live one. Returns
    {dataset: rows loaded} for the datasets it loaded."""
    apps = apps or global_apps
    names = [
        "Region",
        "Department",
        "Epci",
        "EmploymentArea",
        "Commune",
        "Postcode",
        "PriorityArea",
        "Outline",
    ]
    models = {name: apps.get_model("geography", name) for name in names}
    DataLoad = apps.get_model("geography", "DataLoad")
    done = {}
    for dataset, files in DATASETS.items():
        digest = checksum(files)
        # The commune table may have been emptied (a transactional test's flush) while DataLoad
        # survived elsewhere: check both.
        current = DataLoad.objects.filter(name=dataset, checksum=digest).exists()
        if current and not force and models["Commune"].objects.exists():
            continue
        with transaction.atomic():
            done[dataset] = LOADERS[dataset](models)
            DataLoad.objects.update_or_create(name=dataset, defaults={"checksum": digest})
        if log:
            log(f"{dataset}: {done[dataset]}")
    return done


def ensure_loaded():
    """Load the data if the tables are empty or stale (cheap when they are current)."""
    return load_reference_data()
