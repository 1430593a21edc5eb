"""Database constraints that also speak French: each carries the message a user reads and, through
its `violation_error_code`, the field that message belongs on (see `FieldConstraintsMixin`).

A rule that the database enforces is written once, here or in the model's `Meta.constraints`; forms,
serializers and imports reach it through `full_clean()` (services) or `validate_row()` (imports).
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

COORDINATES_PAIR = "coordinates_pair"
COORDINATES_MESSAGE = _("Indiquez la latitude et la longitude, ou aucune des deux.")


def latitude_field():
    """The optional latitude of a place (degrees, 6 decimals: about 10 cm), with its range."""
    return models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )


def longitude_field():
    """The optional longitude of a place; goes with `latitude_field` and `coordinates_both_or_none`."""
    return models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )


def coordinates_both_or_none(name, latitude="latitude", longitude="longitude"):
    """Latitude and longitude together, or neither (reported on the one that is missing)."""
    return models.CheckConstraint(
        name=name,
        condition=Q(**{f"{latitude}__isnull": True, f"{longitude}__isnull": True})
        | Q(**{f"{latitude}__isnull": False, f"{longitude}__isnull": False}),
        violation_error_code=COORDINATES_PAIR,
        violation_error_message=COORDINATES_MESSAGE,
    )


def missing_coordinate(obj, latitude="latitude", longitude="longitude"):
    """The field a coordinates-pair violation is reported on: the one left empty."""
    return latitude if getattr(obj, latitude) is None else longitude


def coordinates_pair_error(values, latitude="latitude", longitude="longitude"):
    """The coordinates-pair rule on values that are not a model instance yet (a row of a file in the
    data·inclusion shape): (the coordinate left empty, the constraint's message), or None."""
    if (values.get(latitude) is None) == (values.get(longitude) is None):
        return None
    return (latitude if values.get(latitude) is None else longitude), COORDINATES_MESSAGE


def constraint_message(model, code):
    """The French message of `model`'s constraint whose violation code is `code` (for checks that
    run without the database, such as an import's duplicates within one file)."""
    for constraint in model._meta.constraints:
        if constraint.violation_error_code == code:
            return constraint.get_violation_error_message()
    raise LookupError(f"{model.__name__} has no constraint with the code {code!r}")


class FieldConstraintsMixin:
    """Model mixin: a constraint violation is reported on the field it is about.

    Django reports a constraint over several fields on the whole object (`__all__`); a model lists
    in `CONSTRAINT_FIELDS` the field each violation code belongs to (a callable receives the
    instance, for a rule whose field depends on the values).
    """

    CONSTRAINT_FIELDS: dict = {}

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as exc:
            errors = {}
            for field, messages in exc.error_dict.items():
                for error in messages:
                    target = field
                    if field == NON_FIELD_ERRORS and error.code in self.CONSTRAINT_FIELDS:
                        target = self.CONSTRAINT_FIELDS[error.code]
                        if callable(target):
                            target = target(self)
                    errors.setdefault(target, []).append(error)
            raise ValidationError(errors) from exc


def validate_row(instance, *, columns):
    """Validate an unsaved instance built from an import row as the pages' forms validate it.

    `columns` maps each model field the row fills to its column. Field validators, `clean()` and the
    check constraints run on those fields; uniqueness (and every constraint over another field, such
    as the tenant) is left to the import, which checks it against sets loaded once per file.
    Returns [(column, message)], "" for the row as a whole.
    """
    by_field = {field: column for column, field in columns.items()}
    exclude = {f.name for f in instance._meta.get_fields() if f.concrete} - set(by_field)
    try:
        instance.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as exc:
        return [
            (by_field.get(field, ""), message)
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return []
