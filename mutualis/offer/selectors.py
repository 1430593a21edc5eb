"""Reads of the local offer: search by commune, the orientations a membership sees, the analysis."""

from dataclasses import dataclass

from django.db.models import Count, Q

from mutualis.engine.geo import distance_km
from mutualis.geography import selectors as geo

from . import schema
from .enums import OrientationStatus, ServiceStatus
from .models import Orientation, Service
from .validation import COUNTRY_FRANCE

DEFAULT_RADIUS_KM = 30


@dataclass
class Hit:
    service: Service
    distance_km: float | None


def zone_codes(commune_code):
    """The eligibility-zone codes that cover a commune: itself (and its parent for an arrondissement),
    its EPCI, its département, and France. Région codes are not zone codes in data·inclusion v1 (a
    region is listed by its départements) and would clash with département codes (52, 53…)."""
    found = geo.containment(commune_code)
    if found is None:
        return None
    return {c for c in (found.commune, found.parent, found.epci, found.department) if c} | {
        schema.FRANCE,
        COUNTRY_FRANCE,
    }


def _has_any(values, wanted):
    return not wanted or bool(set(values or ()) & set(wanted))


def _has_category(values, categories):
    return not categories or any(schema.categorie_of(v) in categories for v in values or ())


def search(
    *,
    commune=None,
    radius_km=None,
    thematiques=(),
    categories=(),
    publics=(),
    types=(),
    modes_accueil=(),
    frais=None,
    text="",
    statuses=(ServiceStatus.PUBLISHED,),
    limit=None,
):
    """Services of the offer for a person living in `commune` (INSEE code), nearest first.

    A service matches when its eligibility zone covers the commune (the commune, its EPCI, its
    département or France); a service without a zone matches when it lies within `radius_km` (30 km
    by default). With an explicit radius, services with a place farther away are left out unless they
    are offered at a distance. Without a commune, every service matches, by name.
    """
    qs = Service.objects.filter(status__in=statuses).select_related("structure")
    origin = None
    if commune:
        codes = zone_codes(commune)
        if codes is None:
            return []
        place = geo.commune(commune)
        origin = (place.latitude, place.longitude) if place and place.has_centre else None
        qs = qs.filter(Q(zones__code__in=codes) | Q(zones__isnull=True)).distinct()
    if text:
        qs = qs.filter(
            Q(nom__icontains=text) | Q(structure__nom__icontains=text) | Q(description__icontains=text)
        )
    if types:
        qs = qs.filter(type__in=types)
    if frais:
        qs = qs.filter(frais=frais)
    hits = []
    for service in qs.prefetch_related("zones"):
        if not (
            _has_any(service.thematiques, thematiques)
            and _has_category(service.thematiques, categories)
            and _has_any(service.publics, publics)
            and _has_any(service.modes_accueil, modes_accueil)
        ):
            continue
        point = service.point
        distance = distance_km(*origin, *point) if origin and point else None
        has_zone = bool(service.zone_eligibilite)
        remote_only = set(service.modes_accueil or ()) == {"a-distance"}
        if commune and not has_zone and (distance is None or distance > (radius_km or DEFAULT_RADIUS_KM)):
            continue
        if commune and radius_km and distance is not None and distance > radius_km and not remote_only:
            continue
        hits.append(Hit(service, None if distance is None else round(distance, 1)))
    hits.sort(key=lambda h: (h.distance_km is None, h.distance_km or 0, h.service.nom, h.service.pk))
    return hits[:limit] if limit else hits


def orientations_visible(membership):
    """Orientations sent by the membership's structure, or received by its organisation's services."""
    from mutualis.insertion.consents import structure_of

    structure = structure_of(membership)
    qs = Orientation.objects.select_related(
        "service__structure", "beneficiary", "consent", "sender_organisation", "sender_group"
    )
    if structure is None:
        return qs.none()
    kind, pk = structure
    if kind == "organisation":
        return qs.filter(Q(sender_organisation_id=pk) | Q(service__structure__organisation_id=pk))
    return qs.filter(sender_group_id=pk)


def orientations_of(beneficiary):
    return Orientation.objects.filter(beneficiary=beneficiary).select_related("service__structure")


def analysis():
    """The territory's offer by thématique category × employment area (anonymous aggregates)."""
    from mutualis.geography.models import Commune, EmploymentArea

    services = list(Service.objects.published().select_related("structure").prefetch_related("zones"))
    areas = list(EmploymentArea.objects.order_by("name"))
    area_of_commune = dict(
        Commune.objects.filter(employment_area__isnull=False).values_list("code", "employment_area_id")
    )
    # The areas each service reaches: through its commune (place) and its zone codes.
    epci_areas, dept_areas = {}, {}
    for _code, epci, dept, area in Commune.objects.filter(employment_area__isnull=False).values_list(
        "code", "epci_id", "department_id", "employment_area_id"
    ):
        epci_areas.setdefault(epci, set()).add(area)
        dept_areas.setdefault(dept, set()).add(area)
    all_areas = {a.pk for a in areas}
    categories = [c for c, _label in schema.CATEGORIE_CHOICES]
    cells = {(cat, a.pk): {"services": 0, "places": 0, "taken": 0} for cat in categories for a in areas}
    for service in services:
        reached = set()
        for code in service.zone_eligibilite or ():
            if code in (schema.FRANCE, COUNTRY_FRANCE):
                reached |= all_areas
            elif len(code) == 5:
                reached |= {area_of_commune[code]} if code in area_of_commune else set()
            elif len(code) == 9:
                reached |= epci_areas.get(code, set())
            else:
                reached |= dept_areas.get(code, set())
        if not service.zone_eligibilite and service.code_insee in area_of_commune:
            reached.add(area_of_commune[service.code_insee])
        for cat in {schema.categorie_of(t) for t in service.thematiques or ()}:
            for area in reached:
                cell = cells[(cat, area)]
                cell["services"] += 1
                cell["places"] += service.places_total or 0
                cell["taken"] += service.places_taken or 0
    labels = dict(schema.CATEGORIE_CHOICES)
    rows = [
        {
            "category": cat,
            "label": labels[cat],
            "cells": [cells[(cat, a.pk)] for a in areas],
            "gaps": sum(1 for a in areas if cells[(cat, a.pk)]["services"] == 0),
        }
        for cat in categories
    ]
    orientations = Orientation.objects.all()
    by_status = dict(orientations.values_list("status").annotate(n=Count("id")).order_by())
    by_reason = dict(
        orientations.filter(status=OrientationStatus.REFUSED)
        .values_list("refusal_reason")
        .annotate(n=Count("id"))
        .order_by()
    )
    most_solicited = list(
        orientations.values("service__structure__nom")
        .annotate(n=Count("id"), pending=Count("id", filter=Q(status=OrientationStatus.PENDING)))
        .order_by("-n", "service__structure__nom")[:10]
    )
    return {
        "areas": areas,
        "rows": rows,
        "by_status": by_status,
        "by_reason": by_reason,
        "most_solicited": most_solicited,
        "sent": sum(by_status.values()),
    }
