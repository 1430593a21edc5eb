"""Import the official files that no package ships (docs/geography.md): INSEE's zones d'emploi,
the ANCT's QPV list, the ZRR/FRR classification. CSV (`;` or `,`), UTF-8 or Latin-1."""

import csv
import io

from django.db import transaction

from .models import Commune, EmploymentArea, PriorityArea, PriorityAreaKind


def read_rows(raw: bytes):
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    return [
        {k.strip().upper(): (v or "").strip() for k, v in row.items() if k}
        for row in csv.DictReader(io.StringIO(text), dialect=dialect)
    ]


def _pick(row, *names):
    for name in names:
        if row.get(name):
            return row[name]
    return ""


class ImportReport:
    def __init__(self):
        self.created = 0
        self.updated = 0
        self.errors = []  # (line, message)


@transaction.atomic
def import_employment_areas(raw, *, dry_run=True):
    """INSEE table « communes → zones d'emploi 2020 » (CODGEO, ZE2020, LIBZE2020). Replaces the demo
    stand-ins."""
    report = ImportReport()
    known = set(Commune.objects.values_list("code", flat=True))
    areas, links = {}, {}
    for line, row in enumerate(read_rows(raw), start=2):
        code = _pick(row, "CODGEO", "COM", "CODE_COMMUNE")
        area = _pick(row, "ZE2020", "ZE", "CODE_ZE")
        if not code or not area:
            report.errors.append((line, "colonnes CODGEO et ZE2020 attendues"))
            continue
        if code not in known:
            report.errors.append((line, f"commune {code} inconnue"))
            continue
        areas[area] = _pick(row, "LIBZE2020", "LIBZE", "LIB_ZE") or area
        links[code] = area
    if not dry_run:
        EmploymentArea.objects.filter(source="demo").delete()
        for code, name in areas.items():
            _, created = EmploymentArea.objects.update_or_create(
                code=code, defaults={"name": name, "source": "insee"}
            )
            report.created += created
            report.updated += not created
        by_area = {}
        for commune, area in links.items():
            by_area.setdefault(area, []).append(commune)
        for area, communes in by_area.items():
            Commune.objects.filter(code__in=communes).update(employment_area_id=area)
    else:
        report.created = len(areas)
    return report


@transaction.atomic
def import_priority_areas(raw, *, kind, dry_run=True):
    """QPV: one row per area (code, name, INSEE codes comma-separated). ZRR/FRR: one row per commune,
    classified when its ZRR/FRR column is neither empty nor « NC »."""
    report = ImportReport()
    known = set(Commune.objects.values_list("code", flat=True))
    wanted = []
    for line, row in enumerate(read_rows(raw), start=2):
        if kind == PriorityAreaKind.QPV:
            code = _pick(row, "CODE_QP", "CODE_QPV", "CODE")
            name = _pick(row, "LIB_QP", "LIB_QPV", "NOM_QP", "NOM")
            communes = [
                c.strip() for c in _pick(row, "INSEE_COM", "CODE_COMMUNE", "INSEE").split(",") if c.strip()
            ]
        else:
            commune = _pick(row, "CODGEO", "INSEE_COM")
            status = _pick(row, "FRR", "ZRR", "CLASSEMENT")
            if status.upper() in ("", "NC", "NON", "0"):
                continue
            code, name, communes = f"zrr-{commune}", commune, [commune]
        unknown = [c for c in communes if c not in known]
        if not code or not communes or unknown:
            report.errors.append((line, f"code ou communes invalides ({', '.join(unknown) or 'vide'})"))
            continue
        wanted.append((code, name, communes))
    for code, name, communes in wanted:
        if kind != PriorityAreaKind.QPV:
            name = Commune.objects.get(code=communes[0]).name
        if dry_run:
            report.created += 1
            continue
        area, created = PriorityArea.objects.update_or_create(
            kind=kind, code=code, defaults={"name": name, "source": "official"}
        )
        area.communes.set(communes)
        report.created += created
        report.updated += not created
    if not dry_run and wanted:
        PriorityArea.objects.filter(kind=kind, source="demo").delete()
    return report
