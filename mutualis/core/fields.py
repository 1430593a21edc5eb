"""Input rules every model text and date field obeys, installed once when the apps are ready.

- **No control characters** in text (tab, line feed and carriage return excepted): a `\\x0b` typed or
  imported into a name used to break every XLSX export and the invoice's Factur-X for good.
- **A length limit on free text**: a `TextField` without `max_length` takes at most `TEXT_MAX_LENGTH`
  characters (pages, API and imports give the same French message, since they all run the model's
  validation).
- **Dates inside the platform's window** (`mutualis.core.dates`).
- **Integers inside PostgreSQL's column range** on every database: SQLite stores any 64-bit integer, so
  a `PositiveSmallIntegerField` took 889,419,441 there (and overflowed a date) while PostgreSQL
  refused it with a 500. Django's own range validators follow the connection; these follow the column
  type, so pages, API (and its schema's `minimum`/`maximum`) and imports say the same on both.

The validators are added to the fields of every model of the `mutualis` package (the rule holds for
the domains that come later without anyone having to remember it); `tests/core/test_fields.py`
checks that each such field carries them.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext_lazy as _

from .dates import validate_plausible_date
from .spreadsheets import CONTROL_CHARACTERS

TEXT_MAX_LENGTH = 20_000


def validate_no_control_characters(value):
    if isinstance(value, str):
        found = CONTROL_CHARACTERS.search(value)
        if found:
            raise ValidationError(
                _("Ce texte contient un caractère de contrôle invisible (U+%(code)s) : retirez-le."),
                params={"code": f"{ord(found.group()):04X}"},
                code="control_character",
            )


text_length = MaxLengthValidator(TEXT_MAX_LENGTH)


def rules_for(field):
    """The validators `field` must carry."""
    if not field.editable or field.choices:
        return []
    if isinstance(field, models.TextField):
        return [validate_no_control_characters] + ([text_length] if field.max_length is None else [])
    if isinstance(field, models.CharField):
        return [validate_no_control_characters]
    if isinstance(field, models.DateField):
        return [validate_plausible_date]
    if isinstance(field, models.IntegerField) and not isinstance(field, models.AutoField):
        low, high = BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]
        return [MinValueValidator(low), MaxValueValidator(high)]
    return []


def _is_range_validator(validator):
    return isinstance(validator, (MinValueValidator, MaxValueValidator))


def project_fields():
    for model in apps.get_models():
        if model.__module__.startswith("mutualis."):
            yield from model._meta.local_fields


def install():
    """Extend each field's (cached) validator list; `_validators`, which migrations read, stays as
    declared, so installing the rules writes no migration."""
    for field in project_fields():
        rules = rules_for(field)
        if isinstance(field, models.IntegerField) and rules:
            # Replace the connection's range (SQLite's is 64 bits) by the column type's; the declared
            # validators stay first, so a serializer's min/max are the field's own when it has some.
            declared = [*field.default_validators, *field._validators]
            field.__dict__["validators"] = [*declared, *(v for v in rules if v not in declared)]
            continue
        extra = [v for v in rules if v not in field.validators]
        if extra:
            field.__dict__["validators"] = [*field.validators, *extra]
