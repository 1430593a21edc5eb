"""Pluggable geocoder: settings.MUTUALIS_GEOCODER names a class with `geocode(address) -> (lat, lon) | None`.

The default makes no network call (an intranet install must not leak addresses);
coordinates are then typed by hand. A deployment may plug the national address
API (adresse.data.gouv.fr) or a local Nominatim through the same interface.
"""

from decimal import Decimal

from django.conf import settings
from django.utils.module_loading import import_string


class NullGeocoder:
    def geocode(self, address):
        return None


class StaticGeocoder:
    """Looks up a fixed table {"commune": (lat, lon)}; used by the demo data and the tests."""

    def __init__(self, table=None):
        self.table = {k.casefold(): v for k, v in (table or {}).items()}

    def geocode(self, address):
        key = (address or "").strip().casefold()
        return self.table.get(key)


def get_geocoder():
    return import_string(settings.MUTUALIS_GEOCODER)()


def geocode_site(site, geocoder=None):
    """Fill a site's coordinates from its address when they are missing. Returns True when found."""
    if site.has_coordinates:
        return False
    geocoder = geocoder or get_geocoder()
    found = geocoder.geocode(", ".join(p for p in (site.address, site.postcode, site.city) if p))
    if found is None:
        found = geocoder.geocode(site.city)
    if found is None:
        return False
    site.latitude, site.longitude = (Decimal(str(round(v, 6))) for v in found)
    return True
