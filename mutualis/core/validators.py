import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siren, siret


def validate_siren(value):
    try:
        siren.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("« %(value)s » n'est pas un SIREN valide (9 chiffres, clé de Luhn)."),
            params={"value": value},
            code="siren",
        ) from exc


def validate_siret(value):
    if not value:
        return
    try:
        siret.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("« %(value)s » n'est pas un SIRET valide (14 chiffres, clé de Luhn)."),
            params={"value": value},
            code="siret",
        ) from exc


def validate_naf(value):
    if value and not re.fullmatch(r"\d{2}\.?\d{2}[A-Z]", value):
        raise ValidationError(
            _("« %(value)s » n'est pas un code NAF (exemple : 01.11Z)."), params={"value": value}, code="naf"
        )


def validate_postcode_format(value):
    """A French postcode: 5 digits (whether it exists is mutualis.geography's question)."""
    if value and not re.fullmatch(r"\d{5}", value):
        raise ValidationError(_("Le code postal compte 5 chiffres."), code="postcode")


def validate_birth_date(value):
    """A birth date is in the past (outside the platform's window, `core.dates` answers)."""
    from django.utils import timezone

    from .dates import plausible

    if value is not None and plausible(value) and value > timezone.localdate():
        raise ValidationError(_("Date de naissance invraisemblable."), code="birth_date")
