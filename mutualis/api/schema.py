"""The OpenAPI schema says every answer an operation can give (issue 17, item 10).

drf-spectacular documents the success answer of each operation; the API also answers, for every
operation, 400 (invalid data, filter or page), 401 (no or unknown token), 403 (a role that may not do
this, an organisation that is not the caller's) and 404 (an object that does not exist or belongs to
another tenant), and, for writes, 409 (a state change the object's state forbids) and 413 (a body over
the size limit). Each is a JSON error: `{"detail": "…"}`, or `{"field": ["…"]}` for invalid data.
`tests/api/test_schemathesis.py` checks that every answer is one of those documented.

Two more places where drf-spectacular's defaults said something the API does not do:
- a custom action is paginated in the schema only when it paginates (`paginate_queryset`); the
  actions that answer a plain list (a follow-up's axes, a funding application's expenses…) are
  documented as a plain list;
- a read-only field whose model column is nullable (or blank, for a choice) is documented so: DRF
  only carries `allow_null`/`allow_blank` over to writable fields. A serializer whose answer writes
  empty values as null (the data·inclusion shape) names those fields in `nullable_in_response`;
- a time of day is written `"08:30:00"`; OpenAPI's `format: time` is RFC 3339's full time, which
  requires a UTC offset, so `postprocess_times` documents a pattern instead.
"""

import copy

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers

ERROR_SCHEMA = {
    "description": "Erreur : `detail` (un message) ou, pour une donnée refusée, les messages par champ.",
    "oneOf": [
        {"type": "object", "additionalProperties": True},
        {"type": "array", "items": {"type": "string"}},
    ],
}

ERRORS = {
    "400": "Requête refusée : donnée, filtre ou page invalide (messages en français, par champ).",
    "401": "Non authentifié : jeton absent ou inconnu.",
    "403": "Interdit : le rôle du rattachement ne le permet pas, ou rattachement inconnu.",
    "404": "Introuvable : l'objet n'existe pas ou n'est pas visible de ce rattachement.",
}
WRITE_ERRORS = {
    "409": "Conflit : l'état de l'objet ne permet pas cette opération.",
    "413": "Corps de la requête trop volumineux.",
}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"


def _model_field(field):
    """The model column behind a serializer field, when there is one."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    source = getattr(field, "source", None)
    if model is None or not source or "." in source or source == "*":
        return None
    try:
        return model._meta.get_field(source)
    except FieldDoesNotExist:
        return None


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema, with the JSON errors every operation may answer."""

    def _get_serializer_field_meta(self, field, direction):
        meta = super()._get_serializer_field_meta(field, direction)
        if direction != "response" or not isinstance(field, serializers.Field) or not field.field_name:
            return meta
        if (
            field.field_name in getattr(field.parent, "nullable_in_response", ())
            or field.read_only
            and getattr(_model_field(field), "null", False)
        ):
            meta["nullable"] = True
        return meta

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if (
            direction == "response"
            and isinstance(field, serializers.ChoiceField)
            and field.read_only
            and not field.allow_blank
            and getattr(_model_field(field), "blank", False)
        ):
            field = copy.copy(field)
            field.allow_blank = True
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def _get_paginator(self):
        action = getattr(self.view, "action", None)
        if action not in (None, "list"):
            method = getattr(self.view, action, None)
            code = getattr(getattr(method, "__func__", method), "__code__", None)
            if code is None or "paginate_queryset" not in code.co_names:
                return None
        return super()._get_paginator()

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        errors = dict(ERRORS)
        if self.method in WRITE_METHODS:
            errors.update(WRITE_ERRORS)
        for code, description in errors.items():
            if code not in responses:
                responses[code] = {
                    "content": {"application/json": {"schema": ERROR_SCHEMA}},
                    "description": description,
                }
        return responses


def postprocess_times(result, generator, request, public):
    """Replace `format: time` (which demands a UTC offset) by the pattern of the times we write."""

    def walk(node):
        if isinstance(node, dict):
            if node.get("format") == "time" and node.get("type") == "string":
                del node["format"]
                node["pattern"] = TIME_PATTERN
                node.setdefault("example", "08:30:00")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
