"""Reads of the geography: lookups, containment, search, outlines, nearest commune."""

from dataclasses import dataclass

from django.db.models import Q

from mutualis.engine.geo import distance_km

from .models import FRANCE, Commune, Department, Epci, Outline, OutlineLevel, Postcode, Region
from .text import search_key

# Metropolitan France and the overseas départements and collectivities (lat, lon boxes), for the
# « coordinates outside France » check of imported data.
FRANCE_BOXES = (
    (41.3, 51.1, -5.2, 9.6),  # metropolitan France and Corsica
    (15.8, 16.55, -61.85, -60.95),  # Guadeloupe
    (14.35, 14.9, -61.25, -60.8),  # Martinique
    (2.1, 5.8, -54.65, -51.6),  # Guyane
    (-21.4, -20.85, 55.2, 55.85),  # La Réunion
    (-13.05, -12.6, 44.95, 45.35),  # Mayotte
    (46.7, 47.15, -56.45, -56.1),  # Saint-Pierre-et-Miquelon
    (17.85, 18.15, -63.2, -62.75),  # Saint-Barthélemy and Saint-Martin
    (-22.8, -19.5, 163.5, 168.2),  # Nouvelle-Calédonie
    (-28.0, -7.8, -154.8, -134.4),  # Polynésie française
    (-14.4, -13.2, -178.3, -176.1),  # Wallis-et-Futuna
)


def in_france(latitude, longitude):
    return any(a <= latitude <= b and c <= longitude <= d for a, b, c, d in FRANCE_BOXES)


def commune(code):
    return (
        Commune.objects.select_related("department", "region", "epci", "employment_area")
        .filter(code=code)
        .first()
    )


@dataclass(frozen=True)
class Containment:
    """The areas a commune lies in, from the smallest to all of France."""

    commune: str
    parent: str | None
    epci: str | None
    department: str
    region: str

    @property
    def codes(self):
        """Every code an eligibility zone may use to cover this commune (data·inclusion style)."""
        return {c for c in (self.commune, self.parent, self.epci, self.department, self.region, FRANCE) if c}


def containment(code):
    """The commune's EPCI, département, région (and its commune for an arrondissement), or None."""
    row = (
        Commune.objects.filter(code=code)
        .values("code", "parent_id", "epci_id", "department_id", "region_id", "parent__epci_id")
        .first()
    )
    if row is None:
        return None
    return Containment(
        commune=row["code"],
        parent=row["parent_id"],
        epci=row["epci_id"] or row["parent__epci_id"],
        department=row["department_id"],
        region=row["region_id"],
    )


def search_communes(query, *, limit=10):
    """Communes by name prefix (accents and « St » ignored), INSEE code or postcode; the most populated
    first among names that match equally well."""
    query = (query or "").strip()
    if not query:
        return []
    base = Commune.objects.select_related("department")
    if query.isdigit() or (len(query) == 5 and query[:2].upper() in ("2A", "2B")):
        by_code = base.filter(
            Q(code__startswith=query.upper()) | Q(postcodes__code__startswith=query)
        ).distinct()
        return list(by_code.order_by("-population", "code")[:limit])
    key = search_key(query)
    if not key:
        return []
    starts = list(base.filter(search_name__startswith=key).order_by("-population", "code")[:limit])
    if len(starts) < limit:
        more = base.filter(search_name__contains=key).exclude(code__in=[c.code for c in starts])
        starts += list(more.order_by("-population", "code")[: limit - len(starts)])
    return starts


def postcodes_of(code):
    return list(Postcode.objects.filter(commune_id=code).values_list("code", flat=True).order_by("code"))


def area_name(code):
    """A readable name for an eligibility-zone code: commune, EPCI, département, région or France."""
    if code == FRANCE:
        return "France"
    names = area_names([code])
    return names.get(code, code)


def area_names(codes):
    """{code: readable name} for many zone codes, in four queries at most."""
    codes = set(codes)
    names = {}
    if FRANCE in codes:
        names[FRANCE] = "France"
    five = [c for c in codes if len(c) == 5]
    for c in Commune.objects.filter(code__in=five).select_related("department"):
        names[c.code] = str(c)
    nine = [c for c in codes if len(c) == 9]
    names.update(dict(Epci.objects.filter(code__in=nine).values_list("code", "name")))
    short = [c for c in codes if len(c) <= 3]
    names.update({d.code: str(d) for d in Department.objects.filter(code__in=short)})
    for r in Region.objects.filter(code__in=[c for c in short if c not in names]):
        names[r.code] = r.name
    return names


def nearest_commune(latitude, longitude, *, within_km=30):
    """The commune whose centre is nearest a point (for coordinates without an INSEE code)."""
    pad = within_km / 111
    candidates = Commune.objects.filter(
        latitude__range=(latitude - pad, latitude + pad),
        longitude__range=(longitude - pad * 1.6, longitude + pad * 1.6),
    ).only("code", "name", "latitude", "longitude", "department_id")
    best = None
    for c in candidates:
        d = distance_km(latitude, longitude, c.latitude, c.longitude)
        if d <= within_km and (best is None or d < best[0]):
            best = (d, c)
    return best[1] if best else None


def outlines(level, *, codes=None, bbox=None, department=None):
    """Outlines of one level, by codes, by bounding box (min_lon, min_lat, max_lon, max_lat) or, for
    communes, by département."""
    qs = Outline.objects.filter(level=level)
    if codes is not None:
        qs = qs.filter(code__in=list(codes))
    if department is not None and level == OutlineLevel.COMMUNE:
        qs = qs.filter(code__in=Commune.objects.filter(department_id=department).values("code"))
    if bbox is not None:
        min_lon, min_lat, max_lon, max_lat = bbox
        qs = qs.filter(min_lon__lte=max_lon, max_lon__gte=min_lon, min_lat__lte=max_lat, max_lat__gte=min_lat)
    return qs.order_by("code")


def feature_collection(outlines_qs):
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": o.code, "nom": o.name, "niveau": o.level},
                "geometry": o.geometry,
            }
            for o in outlines_qs
        ],
    }
