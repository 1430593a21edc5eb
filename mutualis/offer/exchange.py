"""data·inclusion files in and out: our rows in the schema's shape, JSON and CSV, and the import with
its row-level report (see docs/offer.md, « Import et export »).

Stable by construction: lists are written sorted, empty values as null (JSON) or empty cells (CSV),
rows ordered by identifier, so export → import → export gives the same bytes.
"""

import contextlib
import csv
import io
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mutualis.core import journal
from mutualis.organisations.models import Organisation, OrganisationKind

from . import schema
from .enums import ImportFormat, ImportStatus
from .models import ImportRun, Service, ServiceZone, Structure
from .validation import check

NUMERIC = {
    "latitude": float,
    "longitude": float,
    "volume_horaire_hebdomadaire": float,
    "nombre_semaines": int,
}
LIST_FIELDS = {**schema.SERVICE_LIST_FIELDS, **schema.STRUCTURE_LIST_FIELDS}
STRUCTURES, SERVICES = "structures", "services"
# Networks that tell which kind of organisation a structure is (the rest: « Autre »).
KIND_BY_NETWORK = {
    "mission-locale": OrganisationKind.YOUTH_MISSION,
    "france-travail": OrganisationKind.PUBLIC_EMPLOYMENT_SERVICE,
    "cap-emploi-reseau-cheops": OrganisationKind.DISABILITY_EMPLOYMENT,
    "geiq": OrganisationKind.INSERTION_STRUCTURE,
    "ccas-cias": OrganisationKind.SOCIAL_SERVICE,
    "departements": OrganisationKind.SOCIAL_SERVICE,
}


# --- Our rows in the schema's shape ------------------------------------------------------------


def to_schema(obj):
    """A structure or service as a dict with the schema's keys, in the schema's order."""
    is_service = isinstance(obj, Service)
    fields = schema.SERVICE_FIELDS if is_service else schema.STRUCTURE_FIELDS
    data = {}
    for name in fields:
        if name == "id":
            value = obj.di_id
        elif name == "structure_id":
            value = obj.structure.di_id if obj.structure_id else None
        else:
            value = getattr(obj, name)
        if name == "date_maj" and value is not None:
            value = value.isoformat()
        if name in LIST_FIELDS:
            value = sorted(value) if value else None
        if value == "":
            value = None
        data[name] = value
    return data


def from_schema(validated, *, is_service):
    """Field values for our model from a validated schema model (URLs as text, sets as sorted lists)."""
    values = {}
    for name in schema.SERVICE_FIELDS if is_service else schema.STRUCTURE_FIELDS:
        if name in ("id", "structure_id"):
            continue
        value = getattr(validated, name)
        if name in LIST_FIELDS:
            value = sorted(str(getattr(v, "value", v)) for v in value) if value else []
        elif (
            name in ("latitude", "longitude", "volume_horaire_hebdomadaire", "nombre_semaines")
            or name == "date_maj"
        ):
            pass
        elif value is None:
            value = ""
        else:
            value = str(getattr(value, "value", value))
        values[name] = value
    values["di_id"] = validated.id
    return values


# --- Export ------------------------------------------------------------------------------------


def export_rows(kind, services=None):
    if kind == STRUCTURES:
        qs = Structure.objects.order_by("di_id")
        if services is not None:
            qs = qs.filter(pk__in=services.values("structure_id"))
        return [to_schema(s) for s in qs]
    qs = (services if services is not None else Service.objects.all()).select_related("structure")
    return [to_schema(s) for s in qs.order_by("di_id")]


def export_json(services=None):
    """Both lists in one document: {"structures": [...], "services": [...]}."""
    document = {STRUCTURES: export_rows(STRUCTURES, services), SERVICES: export_rows(SERVICES, services)}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(value)
    return str(value)


def export_csv(kind, services=None):
    """One kind per file (as data·inclusion publishes them); list values comma-joined."""
    fields = schema.SERVICE_FIELDS if kind == SERVICES else schema.STRUCTURE_FIELDS
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    for row in export_rows(kind, services):
        writer.writerow([_cell(row[name]) for name in fields])
    return out.getvalue()


# --- Parsing -----------------------------------------------------------------------------------


@dataclass
class Row:
    kind: str
    number: int
    data: dict


def _kind_of(record):
    return SERVICES if "structure_id" in record else STRUCTURES


def parse_json(text):
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            _("Le fichier n'est pas un JSON valide (ligne %(line)s : %(msg)s).")
            % {"line": exc.lineno, "msg": exc.msg}
        ) from exc
    if isinstance(document, dict):
        unknown = set(document) - {STRUCTURES, SERVICES}
        if unknown or not document:
            raise ValidationError(_("Le JSON attendu contient les listes « structures » et/ou « services »."))
        lists = [(kind, document.get(kind) or []) for kind in (STRUCTURES, SERVICES)]
    elif isinstance(document, list):
        kind = _kind_of(document[0]) if document and isinstance(document[0], dict) else STRUCTURES
        lists = [(kind, document)]
    else:
        raise ValidationError(_("Le JSON attendu est une liste de structures ou de services."))
    rows = []
    for kind, records in lists:
        if not isinstance(records, list):
            raise ValidationError(_("« %(kind)s » doit être une liste.") % {"kind": kind})
        for number, record in enumerate(records, start=1):
            rows.append(Row(kind, number, record if isinstance(record, dict) else {"__invalid__": record}))
    return rows


def parse_csv(text):
    text = text.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "id" not in reader.fieldnames:
        raise ValidationError(_("La première ligne du CSV doit nommer les colonnes du schéma (dont « id »)."))
    kind = SERVICES if "structure_id" in reader.fieldnames else STRUCTURES
    rows = []
    for number, record in enumerate(reader, start=2):
        data = {}
        for key, value in record.items():
            if key is None or value is None or value.strip() == "":
                continue
            value = value.strip()
            if key in LIST_FIELDS:
                value = [v.strip() for v in value.split(",") if v.strip()]
            elif key in NUMERIC:
                with contextlib.suppress(ValueError):
                    value = NUMERIC[key](value)
            data[key] = value
        rows.append(Row(kind, number, data))
    return rows


def parse(text, fmt):
    return parse_json(text) if fmt == ImportFormat.JSON else parse_csv(text)


def guess_format(name):
    return ImportFormat.CSV if name.lower().endswith(".csv") else ImportFormat.JSON


# --- Import ------------------------------------------------------------------------------------


@dataclass
class Checked:
    row: Row
    validated: object = None
    errors: list = field(default_factory=list)


@dataclass
class Report:
    rows: list
    counts: dict
    errors: list

    @property
    def ok(self):
        return not self.errors


def _line(kind, number):
    label = _("structure") if kind == STRUCTURES else _("service")
    return f"{label} n° {number}"


def check_rows(rows):
    """Validate every row; a duplicate id or an unknown structure is an error of its row too."""
    checked, seen = [], {}
    good_structures = set()
    for row in sorted(rows, key=lambda r: (r.kind != STRUCTURES, r.number)):
        if "__invalid__" in row.data:
            checked.append(Checked(row, errors=[("__all__", _("un objet JSON est attendu"))]))
            continue
        model = schema.ServiceModel if row.kind == SERVICES else schema.StructureModel
        validated, errors = check(model, row.data)
        identifier = row.data.get("id")
        key = (row.kind, identifier)
        if identifier and key in seen:
            errors.append(
                (
                    "id",
                    _("identifiant « %(id)s » en double (déjà à la ligne %(line)s)")
                    % {"id": identifier, "line": seen[key]},
                )
            )
        elif identifier:
            seen[key] = row.number
        if row.kind == SERVICES and not any(f == "structure_id" for f, _m in errors):
            structure_id = row.data.get("structure_id")
            in_file = any(r.kind == STRUCTURES and r.data.get("id") == structure_id for r in rows)
            if in_file and structure_id not in good_structures:
                errors.append(
                    (
                        "structure_id",
                        _("la structure « %(id)s » de ce fichier est en erreur") % {"id": structure_id},
                    )
                )
            elif not in_file and not Structure.objects.filter(di_id=structure_id).exists():
                errors.append(("structure_id", _("structure « %(id)s » inconnue") % {"id": structure_id}))
        if errors:
            validated = None
        elif row.kind == STRUCTURES:
            good_structures.add(identifier)
        checked.append(Checked(row, validated, errors))
    return checked


def _existing(kind, identifiers):
    model = Service if kind == SERVICES else Structure
    qs = model.objects.filter(di_id__in=identifiers)
    if kind == SERVICES:
        qs = qs.select_related("structure")
    return {obj.di_id: obj for obj in qs}


def _normalised(validated, kind):
    """The row as we would export it once saved (to tell « unchanged » from « updated »)."""
    values = from_schema(validated, is_service=kind == SERVICES)
    data = {}
    for name in schema.SERVICE_FIELDS if kind == SERVICES else schema.STRUCTURE_FIELDS:
        if name == "id":
            value = values["di_id"]
        elif name == "structure_id":
            value = validated.structure_id
        else:
            value = values[name]
        if name == "date_maj":
            value = value.isoformat()
        if name in LIST_FIELDS:
            value = sorted(value) if value else None
        data[name] = None if value == "" else value
    return data


def build_report(rows):
    checked = check_rows(rows)
    counts = {}
    for kind in (STRUCTURES, SERVICES):
        mine = [c for c in checked if c.row.kind == kind]
        existing = _existing(kind, [c.validated.id for c in mine if c.validated])
        created = updated = unchanged = 0
        for c in mine:
            if not c.validated:
                continue
            obj = existing.get(c.validated.id)
            if obj is None:
                created += 1
            elif to_schema(obj) == _normalised(c.validated, kind):
                unchanged += 1
            else:
                updated += 1
        counts[kind] = {
            "rows": len(mine),
            "valid": sum(1 for c in mine if c.validated),
            "invalid": sum(1 for c in mine if not c.validated),
            "created": created,
            "updated": updated,
            "unchanged": unchanged,
        }
    errors = [
        {
            "kind": c.row.kind,
            "row": c.row.number,
            "id": str(c.row.data.get("id") or ""),
            "field": field_name,
            "message": message,
            "text": _("%(line)s, champ « %(field)s » : %(message)s")
            % {"line": _line(c.row.kind, c.row.number), "field": field_name, "message": message},
        }
        for c in checked
        for field_name, message in c.errors
    ]
    return checked, Report(rows=checked, counts=counts, errors=errors)


def _organisation_for(validated):
    if validated.siret:
        found = Organisation.objects.filter(siret=validated.siret).first()
        if found:
            return found
    networks = {str(getattr(n, "value", n)) for n in validated.reseaux_porteurs or ()}
    kind = next((k for n, k in KIND_BY_NETWORK.items() if n in networks), OrganisationKind.OTHER)
    return Organisation.objects.create(
        name=validated.nom[:200],
        kind=kind,
        siret=validated.siret or "",
        address=(validated.adresse or "")[:250],
        postcode=validated.code_postal or "",
        city=(validated.commune or "")[:120],
        commune_code=validated.code_insee or "",
        email=validated.courriel or "",
        phone=(validated.telephone or "")[:20],
    )


def save_structure(validated, existing=None):
    values = from_schema(validated, is_service=False)
    structure = existing or Structure(organisation=_organisation_for(validated))
    for name, value in values.items():
        setattr(structure, name, value)
    structure.save()
    return structure


def save_service(validated, structure, existing=None):
    values = from_schema(validated, is_service=True)
    service = existing or Service(structure=structure)
    service.structure = structure
    for name, value in values.items():
        setattr(service, name, value)
    service.quality_score = schema.quality_score(validated)
    service.save()
    sync_zones(service)
    return service


def sync_zones(service):
    codes = set(service.zone_eligibilite or ())
    current = set(service.zones.values_list("code", flat=True))
    if codes != current:
        service.zones.exclude(code__in=codes).delete()
        ServiceZone.objects.bulk_create(
            [ServiceZone(service=service, code=c) for c in sorted(codes - current)]
        )


@transaction.atomic
def run_import(*, text, name, fmt=None, dry_run=True, good_rows_only=False, user=None, membership=None):
    """Check a data·inclusion file, and import it unless `dry_run`.

    A file with bad rows imports nothing unless `good_rows_only` (then the valid rows only: a service
    whose structure is in error is in error too). Re-importing the same file creates nothing: rows
    are matched on their identifier (`source--id`), changed rows are updated, the others untouched.
    """
    fmt = fmt or guess_format(name)
    checked, report = build_report(parse(text, fmt))
    if not dry_run and report.errors and not good_rows_only:
        raise ValidationError(
            _(
                "%(n)d ligne(s) en erreur : rien n'est importé. Corrigez le fichier ou importez seulement les lignes valides."
            )
            % {"n": len({(e["kind"], e["row"]) for e in report.errors})}
        )
    run = ImportRun(
        user=user,
        group=getattr(membership, "group", None),
        organisation=getattr(membership, "organisation", None),
        original_name=name[:250],
        format=fmt,
        content=text if dry_run else "",
        status=ImportStatus.CHECKED if dry_run else ImportStatus.IMPORTED,
        good_rows_only=good_rows_only,
        counts=report.counts,
        errors=report.errors,
    )
    if not dry_run:
        structures = _existing(
            STRUCTURES, [c.validated.id for c in checked if c.validated and c.row.kind == STRUCTURES]
        )
        for c in checked:
            if c.validated and c.row.kind == STRUCTURES:
                current = structures.get(c.validated.id)
                if current is None or to_schema(current) != _normalised(c.validated, STRUCTURES):
                    structures[c.validated.id] = save_structure(c.validated, current)
        services = _existing(
            SERVICES, [c.validated.id for c in checked if c.validated and c.row.kind == SERVICES]
        )
        for c in checked:
            if c.validated and c.row.kind == SERVICES:
                current = services.get(c.validated.id)
                if current is None or to_schema(current) != _normalised(c.validated, SERVICES):
                    structure = structures.get(c.validated.structure_id) or Structure.objects.get(
                        di_id=c.validated.structure_id
                    )
                    save_service(c.validated, structure, current)
        journal.record(action="offer.imported", actor=user, target=None, counts=report.counts)
    run.save()
    return run, report
