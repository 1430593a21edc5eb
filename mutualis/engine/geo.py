"""Travel times between sites: great-circle distance x detour / speed, rounded up to the minute."""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def travel_minutes(site_a, site_b, speed_kmh: float, detour: float) -> int:
    """Minutes to go from one site to another; 0 when either is missing or they are the same."""
    if site_a is None or site_b is None or site_a.id == site_b.id:
        return 0
    km = distance_km(site_a.lat, site_a.lon, site_b.lat, site_b.lon) * detour
    # A tiny epsilon keeps floating noise (e.g. 30.0000000001) from adding a whole minute.
    return max(0, math.ceil(km / speed_kmh * 60 - 1e-9))


class TravelTable:
    """Memoised travel times for one instance."""

    def __init__(self, instance):
        self.sites = instance.sites
        self.speed = instance.params.travel_speed_kmh
        self.detour = instance.params.travel_detour
        self._cache: dict[tuple[str, str], int] = {}

    def __call__(self, a: str | None, b: str | None) -> int:
        if a is None or b is None or a == b:
            return 0
        key = (a, b) if a < b else (b, a)
        value = self._cache.get(key)
        if value is None:
            value = travel_minutes(self.sites[a], self.sites[b], self.speed, self.detour)
            self._cache[key] = value
        return value
