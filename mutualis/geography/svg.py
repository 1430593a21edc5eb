"""Server-side SVG rendering of the geography (outlines + numbered points), for PDFs.

The same outlines as the interactive map (`Outline` rows), projected equirectangularly with the
longitude scaled by cos(latitude): at the scale of a département the distortion is invisible.
"""

import math
from dataclasses import dataclass

from django.utils.html import escape

from . import selectors
from .models import OutlineLevel


@dataclass
class Projection:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float
    width: float = 500
    height: float = 340
    margin: float = 20

    def __post_init__(self):
        self.cos = math.cos(math.radians((self.min_lat + self.max_lat) / 2))
        span_x = max((self.max_lon - self.min_lon) * self.cos, 1e-6)
        span_y = max(self.max_lat - self.min_lat, 1e-6)
        self.scale = min((self.width - 2 * self.margin) / span_x, (self.height - 2 * self.margin) / span_y)
        # Centre the drawing in the frame.
        self.offset_x = (self.width - span_x * self.scale) / 2
        self.offset_y = (self.height - span_y * self.scale) / 2

    def xy(self, lat, lon):
        x = self.offset_x + (lon - self.min_lon) * self.cos * self.scale
        y = self.offset_y + (self.max_lat - lat) * self.scale
        return round(x, 1), round(y, 1)

    def path(self, geometry):
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        parts = []
        for polygon in polygons:
            for ring in polygon:
                points = [self.xy(lat, lon) for lon, lat in ring]
                parts.append("M" + " L".join(f"{x} {y}" for x, y in points) + " Z")
        return " ".join(parts)

    @property
    def bbox(self):
        return (self.min_lon, self.min_lat, self.max_lon, self.max_lat)


def projection_for(points, *, width=500, height=340, pad=0.08):
    """A frame around the points ({lat, lon}), at least ~10 km wide."""
    lats = [p["lat"] for p in points]
    lons = [p["lon"] for p in points]
    min_lat, max_lat = min(lats), max(lats)
    min_lon, max_lon = min(lons), max(lons)
    span = max(max_lat - min_lat, (max_lon - min_lon) * 0.66, 0.1)
    pad = span * pad + 0.02
    return Projection(min_lon - pad, min_lat - pad, max_lon + pad, max_lat + pad, width, height)


def outline_paths(projection):
    """SVG paths of the outlines in the frame: communes when the frame is small and they are shipped,
    always the départements (thicker) above them."""
    box = projection.bbox
    paths = []
    if box[2] - box[0] < 2.5:
        for o in selectors.outlines(OutlineLevel.COMMUNE, bbox=box):
            paths.append({"d": projection.path(o.geometry), "level": "commune", "name": o.name})
    for o in selectors.outlines(OutlineLevel.DEPARTMENT, bbox=box):
        paths.append({"d": projection.path(o.geometry), "level": "departement", "name": o.name})
    return paths


STYLES = {
    "commune": 'fill="#f1f4f6" stroke="#b7c0c8" stroke-width="0.4"',
    "departement": 'fill="none" stroke="#4d5a66" stroke-width="1.2"',
}


def render(points, *, title, width=500, height=340):
    """A standalone SVG: outlines, then numbered points ({lat, lon, number})."""
    projection = projection_for(points, width=width, height=height)
    body = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img"><title>{escape(title)}</title>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff" stroke="#999999" stroke-width="0.5"/>',
        f'<clipPath id="frame"><rect x="0" y="0" width="{width}" height="{height}"/></clipPath><g clip-path="url(#frame)">',
    ]
    for p in outline_paths(projection):
        body.append(f'<path d="{p["d"]}" {STYLES[p["level"]]}/>')
    body.append("</g>")
    for point in points:
        x, y = projection.xy(point["lat"], point["lon"])
        body.append(f'<circle cx="{x}" cy="{y}" r="3.5" fill="#0072B2"/>')
        if point.get("number") is not None:
            body.append(
                f'<text x="{x + 5}" y="{y + 3}" font-size="9" fill="#000000">{point["number"]}</text>'
            )
    body.append("</svg>")
    return "".join(body)
