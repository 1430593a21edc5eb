"""The one map component: what a page passes to `geography/_map.html` (Leaflet, vendored) and what a
PDF passes to `svg.render` (the same outlines and points, drawn on the server)."""

import itertools
import json

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode

from .models import OutlineLevel

_ids = itertools.count(1)


def outlines_url(level, **params):
    """URL of our own GeoJSON endpoint: `codes` (list), `departement`, or `bbox` (4 floats)."""
    query = {"niveau": level}
    if params.get("codes"):
        query["codes"] = ",".join(sorted(params["codes"]))
    if params.get("departement"):
        query["departement"] = params["departement"]
    if params.get("bbox"):
        query["bbox"] = ",".join(f"{v:.4f}" for v in params["bbox"])
    return f"{reverse('geography:outlines')}?{urlencode(query)}"


def map_config(*, label, points=(), outlines=(), highlight=(), height=420):
    """Everything the map template needs.

    points: dicts {lat, lon, label, url?, detail?}; outlines: URLs from `outlines_url` (the first one
    frames the map when there is no point); highlight: outline codes drawn in a darker colour.
    """
    number = next(_ids)
    points = [p for p in points if p.get("lat") is not None and p.get("lon") is not None]
    return {
        "id": f"carte-{number}",
        "points_id": f"carte-{number}-points",
        "label": label,
        "points": points,
        "outlines": list(outlines),
        "outlines_json": json.dumps(list(outlines)),
        "highlight": ",".join(highlight),
        "tiles": settings.MUTUALIS_MAP_TILES_URL,
        "attribution": settings.MUTUALIS_MAP_TILES_ATTRIBUTION,
        "height": height,
    }


def bbox_of(points, pad=0.05):
    lats = [p["lat"] for p in points]
    lons = [p["lon"] for p in points]
    return (min(lons) - pad, min(lats) - pad, max(lons) + pad, max(lats) + pad)


def default_outlines(points):
    """Département outlines around the points, and the communes' when the points are close together."""
    if not points:
        return [outlines_url(OutlineLevel.DEPARTMENT)]
    box = bbox_of(points, pad=0.3)
    urls = [outlines_url(OutlineLevel.DEPARTMENT, bbox=box)]
    if box[2] - box[0] < 3 and box[3] - box[1] < 2:
        urls.append(outlines_url(OutlineLevel.COMMUNE, bbox=bbox_of(points, pad=0.1)))
    return urls
