"""Each field that holds personal data is declared with its retention rule (STYLE.md)."""

import re

from django.apps import apps

PERSONAL_NAME = re.compile(
    r"(first_name|last_name|birth|email|phone|mobile|nir|social_security|iban|nationality|gender)", re.I
)


def test_every_personal_field_has_a_retention_rule():
    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("mutualis."):
            continue
        declared = getattr(model, "PERSONAL_DATA", {})
        for field in model._meta.concrete_fields:
            if PERSONAL_NAME.search(field.name) and field.name not in declared:
                missing.append(f"{model._meta.label}.{field.name}")
        for name, rule in declared.items():
            assert str(rule).strip(), f"{model._meta.label}.{name}: empty retention rule"
            model._meta.get_field(name)  # a declared field must exist
    assert not missing, "Personal fields without a retention rule (PERSONAL_DATA): " + ", ".join(missing)
