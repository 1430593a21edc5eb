"""Checks of one structure or service against the data·inclusion schema (the package's pydantic
models) and against what the package cannot know: SIRET keys, INSEE and zone codes that exist,
a postcode that serves the commune, coordinates inside France (overseas included).

Every error is `(field, message)` with a French message; the import adds the row number.
"""

import datetime

import pydantic
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from mutualis.core.constraints import coordinates_pair_error
from mutualis.core.validators import validate_siret
from mutualis.geography import validators as geo
from mutualis.geography.selectors import in_france

from . import schema

COUNTRY_FRANCE = "99100"


def _value(error):
    value = error.get("input")
    if isinstance(value, list | tuple | set):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _message(error):
    """A French message for one pydantic error of the schema's models."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = _value(error)
    if kind == "missing":
        return _("champ obligatoire manquant")
    if kind == "enum":
        return _("« %(value)s » n'est pas une valeur du référentiel data·inclusion") % {"value": value}
    if kind == "string_too_short":
        return _("« %(value)s » est trop court (%(n)s caractères au moins)") % {
            "value": value,
            "n": ctx.get("min_length"),
        }
    if kind == "string_too_long":
        return _("texte trop long (%(n)s caractères au plus)") % {"n": ctx.get("max_length")}
    if kind in ("string_pattern_mismatch", "literal_error"):
        return _("« %(value)s » n'a pas le format attendu") % {"value": value}
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("« %(value)s » n'est pas une date (AAAA-MM-JJ)") % {"value": value}
    if kind.startswith("url"):
        return _("« %(value)s » n'est pas une adresse web (https://…)") % {"value": value}
    if kind == "value_error" and "email" in str(error.get("msg", "")).lower():
        return _("« %(value)s » n'est pas une adresse électronique") % {"value": value}
    if kind == "value_error":
        return str(ctx.get("error") or error.get("msg", "")).removeprefix("Value error, ")
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"):
        return _("« %(value)s » n'est pas un nombre") % {"value": value}
    if kind in ("greater_than_equal", "greater_than"):
        return _("doit être au moins %(n)s") % {"n": ctx.get("ge", ctx.get("gt"))}
    if kind == "too_short":
        return _("indiquez au moins une valeur")
    if kind in ("list_type", "set_type"):
        return _("une liste de valeurs est attendue")
    if kind == "string_type":
        return _("un texte est attendu")
    return str(error.get("msg", kind))


def schema_errors(model, data):
    """Validate `data` (a dict in the schema's shape) with the package's model.

    Returns (validated model or None, [(field, message)]). One message per field (the schema's union
    of zone codes gives one error per alternative: the first one names the bad code)."""
    try:
        return model.model_validate(data, context={"ignore_warnings": True}), []
    except pydantic.ValidationError as exc:
        errors, seen = [], set()
        for error in exc.errors():
            loc = error["loc"]
            field = str(loc[0]) if loc else "__all__"
            if field in seen:
                continue
            seen.add(field)
            if field == "zone_eligibilite" and len(loc) > 1 and isinstance(loc[1], int):
                bad = data.get("zone_eligibilite")[loc[1]]
                errors.append(
                    (
                        field,
                        _(
                            "« %(value)s » n'est pas un code de zone (commune, EPCI, département, "
                            "pays ou « france »)"
                        )
                        % {"value": bad},
                    )
                )
                continue
            errors.append((field, _message(error)))
        return None, errors


def _django(validator, value):
    try:
        validator(value)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return None


def zone_errors(codes):
    """Each code of an eligibility zone must exist in the geography."""
    for code in codes or ():
        if code in (schema.FRANCE, COUNTRY_FRANCE):
            continue
        if len(code) == 5 and code.startswith("99"):
            yield _("« %(code)s » : seule la France (99100) est couverte") % {"code": code}
        elif len(code) == 5:
            message = _django(geo.validate_insee_code, code)
            if message:
                yield message
        elif len(code) == 9:
            message = _django(geo.validate_epci_code, code)
            if message:
                yield message
        else:
            message = _django(geo.validate_department_code, code)
            if message:
                yield message


def territory_errors(data):
    """What the schema cannot check: [(field, message)] on a dict in the schema's shape."""
    errors = []
    if data.get("siret"):
        message = _django(validate_siret, data["siret"])
        if message:
            errors.append(("siret", message))
    code = data.get("code_insee")
    if code:
        message = _django(geo.validate_insee_code, code)
        if message:
            errors.append(("code_insee", message))
    if data.get("code_postal"):
        message = _django(geo.validate_postcode, data["code_postal"])
        if message is None and code and not any(f == "code_insee" for f, _m in errors):
            message = _django(lambda p: geo.validate_postcode_of_commune(p, code), data["code_postal"])
        if message:
            errors.append(("code_postal", message))
    lat, lon = data.get("latitude"), data.get("longitude")
    pair = coordinates_pair_error(data)
    if pair is not None:
        errors.append((pair[0], str(pair[1])))
    elif lat is not None and not in_france(lat, lon):
        errors.append(
            (
                "latitude",
                _("les coordonnées (%(lat)s, %(lon)s) sont hors de France") % {"lat": lat, "lon": lon},
            )
        )
    for message in zone_errors(data.get("zone_eligibilite")):
        errors.append(("zone_eligibilite", message))
        break
    return errors


def check(model, data):
    """Schema, then territory checks: (validated model or None, [(field, message)])."""
    validated, errors = schema_errors(model, data)
    bad = {field for field, _m in errors}
    errors += [(f, m) for f, m in territory_errors(data) if f not in bad]
    return (None if errors else validated), errors


def model_errors(instance):
    """`clean()` of Structure and Service: the same checks as an imported row, by field."""
    from .exchange import to_schema
    from .models import Service

    data = to_schema(instance)
    if isinstance(instance, Service) and not instance.structure_id:
        data["structure_id"] = "-"
    if isinstance(data.get("date_maj"), datetime.date):
        data["date_maj"] = data["date_maj"].isoformat()
    model = schema.ServiceModel if isinstance(instance, Service) else schema.StructureModel
    _validated, errors = check(model, data)
    if errors:
        by_field = {}
        for field, message in errors:
            target = "di_id" if field == "id" else field
            if target not in {f.name for f in instance._meta.fields}:
                target = "__all__"
            by_field.setdefault(target, []).append(message)
        raise ValidationError(by_field)
