"""data·inclusion files built from the package's own examples and field definitions (never from our
export): each field takes the first example the schema gives; the fields the schema gives no example
for take a real place of the demo territory."""

import copy
import csv
import io
import json

from data_inclusion.schema import v1

ALENCON = {
    "commune": "Alençon",
    "code_postal": "61000",
    "code_insee": "61001",
    "adresse": "Place Foch",
    "latitude": 48.4305,
    "longitude": 0.0914,
}


def _example(model, name):
    examples = model.model_fields[name].examples or []
    if not examples:
        return None
    value = examples[0]
    if isinstance(value, list):
        return [getattr(v, "value", v) for v in value]
    return getattr(value, "value", value)


def structure(**overrides):
    data = {name: _example(v1.Structure, name) for name in v1.Structure.model_fields}
    data.update(ALENCON, site_web="https://exemple.inclusion.gouv.fr/")
    data = {k: v for k, v in data.items() if v is not None}
    data.update(overrides)
    return data


def service(**overrides):
    data = {name: _example(v1.Service, name) for name in v1.Service.model_fields}
    data.update(
        ALENCON, modes_accueil=[v1.ModeAccueil.EN_PRESENTIEL.value], contact_nom_prenom="Camille Martin"
    )
    data["structure_id"] = structure()["id"]
    data = {k: v for k, v in data.items() if v is not None}
    data.update(overrides)
    return data


def document(structures=None, services=None):
    return json.dumps(
        {
            "structures": structures if structures is not None else [structure()],
            "services": services if services is not None else [service()],
        },
        ensure_ascii=False,
    )


def as_csv(rows):
    fields = list((v1.Service if "structure_id" in rows[0] else v1.Structure).model_fields)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ",".join(v) if isinstance(v, list) else v for k, v in copy.deepcopy(row).items()})
    return out.getvalue()
