"""Field validators on the shipped geography: usable on any model field (`validators=[...]`)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Commune, Department, Epci, Postcode, Region

INSEE_PATTERN = re.compile(r"^(\d{5}|2[AB]\d{3})$")


def validate_insee_code(value):
    """A current commune (or municipal arrondissement) of the Code officiel géographique."""
    if not value:
        return
    if not INSEE_PATTERN.match(value) or not Commune.objects.filter(code=value).exists():
        raise ValidationError(
            _("« %(value)s » n'est pas le code INSEE d'une commune."), params={"value": value}, code="insee"
        )


def validate_postcode(value):
    """A postcode that serves at least one commune."""
    if not value:
        return
    if not re.fullmatch(r"\d{5}", value) or not Postcode.objects.filter(code=value).exists():
        raise ValidationError(
            _("« %(value)s » n'est pas un code postal existant."), params={"value": value}, code="postcode"
        )


def validate_department_code(value):
    if value and not Department.objects.filter(code=value).exists():
        raise ValidationError(
            _("« %(value)s » n'est pas un code de département."), params={"value": value}, code="department"
        )


def validate_region_code(value):
    if value and not Region.objects.filter(code=value).exists():
        raise ValidationError(
            _("« %(value)s » n'est pas un code de région."), params={"value": value}, code="region"
        )


def validate_epci_code(value):
    if value and not Epci.objects.filter(code=value).exists():
        raise ValidationError(
            _("« %(value)s » n'est pas le SIREN d'une intercommunalité (EPCI)."),
            params={"value": value},
            code="epci",
        )


def validate_postcode_of_commune(postcode, insee_code):
    """Both given: the postcode must serve that commune (or its parent, for an arrondissement)."""
    if not postcode or not insee_code:
        return
    codes = {insee_code}
    parent = Commune.objects.filter(code=insee_code).values_list("parent_id", flat=True).first()
    if parent:
        codes.add(parent)
    if not Postcode.objects.filter(code=postcode, commune_id__in=codes).exists():
        raise ValidationError(
            _("Le code postal %(postcode)s ne dessert pas la commune %(code)s."),
            params={"postcode": postcode, "code": insee_code},
            code="postcode_commune",
        )
