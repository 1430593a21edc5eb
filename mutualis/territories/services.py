"""Writes on territories and sharing agreements: keyword-only, atomic, validated, journaled."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mutualis.core import journal
from mutualis.geography.models import Commune, Department, Epci, Region

from .models import SharingAgreement, Territory, TerritoryKind

SHARING_FIELDS = ("observatory", "exchange", "gpec", "directory")


def communes_of_area(kind, code):
    """The communes (not arrondissements) of an EPCI, a département or a région; names the field."""
    area_model, lookup = {
        TerritoryKind.EPCI: (Epci, "epci_id"),
        TerritoryKind.DEPARTMENT: (Department, "department_id"),
        TerritoryKind.REGION: (Region, "region_id"),
    }[kind]
    if not area_model.objects.filter(pk=code).exists():
        raise ValidationError({"source_code": _("Aucune aire « %(code)s » de ce type.") % {"code": code}})
    return Commune.objects.filter(kind="commune", **{lookup: code})


@transaction.atomic
def create_territory(*, actor, name, kind, source_code="", commune_codes=(), organisation=None, groups=()):
    """A territory from an area (EPCI, département, région: its communes) or from a list of INSEE codes."""
    territory = Territory(name=name, kind=kind, source_code=source_code or "")
    territory.full_clean()
    if kind == TerritoryKind.CUSTOM:
        codes = sorted({c.strip() for c in commune_codes if c and c.strip()})
        if not codes:
            raise ValidationError({"commune_codes": _("Indiquez au moins une commune (code INSEE).")})
        communes = list(Commune.objects.filter(code__in=codes))
        unknown = sorted(set(codes) - {c.code for c in communes})
        if unknown:
            raise ValidationError(
                {"commune_codes": _("Codes INSEE inconnus : %(codes)s.") % {"codes": ", ".join(unknown)}}
            )
    else:
        communes = list(communes_of_area(kind, source_code))
    territory.save()
    territory.communes.set(communes)
    if organisation is not None:
        territory.organisations.add(organisation)
    if groups:
        territory.groups.add(*groups)
    journal.record(
        action="territory.created", actor=actor, target=territory, kind=kind, communes=len(communes)
    )
    return territory


@transaction.atomic
def set_sharing(*, actor, group, territory, **flags):
    """The GE joins the territory (if not yet) and records what it shares with it."""
    unknown = set(flags) - set(SHARING_FIELDS)
    if unknown:
        raise TypeError(f"Unknown sharing fields: {sorted(unknown)}")
    territory.groups.add(group)
    agreement, _created = SharingAgreement.objects.get_or_create(group=group, territory=territory)
    for name, value in flags.items():
        setattr(agreement, name, bool(value))
    agreement.signed_by = actor if getattr(actor, "pk", None) else None
    agreement.full_clean()
    agreement.save()
    journal.record(
        action="territory.sharing",
        actor=actor,
        group=group,
        target=agreement,
        **{name: getattr(agreement, name) for name in SHARING_FIELDS},
    )
    return agreement


@transaction.atomic
def leave_territory(*, actor, group, territory):
    SharingAgreement.objects.filter(group=group, territory=territory).delete()
    territory.groups.remove(group)
    journal.record(action="territory.left", actor=actor, group=group, target=territory)
