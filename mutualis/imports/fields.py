"""Form fields that read French spreadsheet values: JJ/MM/AAAA dates, decimal commas, French labels."""

import datetime
import functools
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from .reading import normalise

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y")


class FrenchDateField(forms.Field):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        for fmt in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValidationError(
            _("« %(value)s » n'est pas une date valide (JJ/MM/AAAA ou AAAA-MM-JJ).") % {"value": text},
            code="invalid",
        )


class FrenchDecimalField(forms.Field):
    """A decimal written `1 234,56` or `1234.56`; rounded half-up to `decimal_places` when asked."""

    def __init__(self, *, max_digits, decimal_places, round_to_places=False, **kwargs):
        self.max_digits, self.decimal_places, self.round_to_places = (
            max_digits,
            decimal_places,
            round_to_places,
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").rstrip("€")
        text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise ValidationError(
                _("« %(value)s » n'est pas un nombre (exemple : 1234,56).") % {"value": value}, code="invalid"
            )
        if self.round_to_places:
            # Coordinates: more decimals than stored are rounded (6 places ≈ 10 cm).
            number = number.quantize(Decimal(1).scaleb(-self.decimal_places), rounding=ROUND_HALF_UP)
        elif -number.as_tuple().exponent > self.decimal_places:
            raise ValidationError(
                _("« %(value)s » : au plus %(places)s chiffres après la virgule.")
                % {"value": value, "places": self.decimal_places},
                code="decimal_places",
            )
        if (
            len(number.quantize(Decimal(1)).copy_abs().as_tuple().digits)
            > self.max_digits - self.decimal_places
        ):
            raise ValidationError(_("« %(value)s » est trop grand.") % {"value": value}, code="max_digits")
        return number


@functools.cache
def _choice_lookup(choices, aliases):
    """{normalised text: stored value} from codes, French labels and aliases; and the labels to show."""
    lookup = {}
    with translation.override("fr"):
        accepted = [str(label) for _value, label in choices.choices]
        for value, label in choices.choices:
            lookup[normalise(value)] = value
            lookup[normalise(str(label))] = value
    for alias, value in aliases:
        lookup[normalise(alias)] = value
    return lookup, " ; ".join(accepted)


class FrenchChoiceField(forms.Field):
    """A choice typed as its French label, its stored code or a listed alias (case and accents ignored)."""

    def __init__(self, *, choices, aliases=None, **kwargs):
        super().__init__(**kwargs)
        self.choices_class = choices
        self.aliases = tuple(sorted((aliases or {}).items()))

    def to_python(self, value):
        if value in self.empty_values:
            return ""
        lookup, accepted = _choice_lookup(self.choices_class, self.aliases)
        found = lookup.get(normalise(value))
        if found is None:
            found = self.extra_lookup(str(value))
        if found is None:
            raise ValidationError(
                _("« %(value)s » n'est pas une valeur permise ; valeurs acceptées : %(accepted)s.")
                % {"value": value, "accepted": accepted},
                code="invalid_choice",
            )
        return found

    def extra_lookup(self, value):
        return None


def headcount_band_for(number):
    from mutualis.members.models import HeadcountBand

    for upper, band in ((0, HeadcountBand.NONE), (9, HeadcountBand.FROM_1), (49, HeadcountBand.FROM_10)):
        if number <= upper:
            return band
    return HeadcountBand.FROM_50 if number <= 249 else HeadcountBand.FROM_250


class HeadcountField(FrenchChoiceField):
    """A headcount band, or the exact headcount (a whole number) from which the band is taken."""

    def extra_lookup(self, value):
        text = value.strip()
        return headcount_band_for(int(text)) if text.isdigit() else None
