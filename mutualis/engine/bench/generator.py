"""Realistic instances for a French département (Orne): real communes, sectors, ROME jobs, seasons.

Deterministic for a given seed. The shapes (hours, seasons, windows) follow what members of a
rural GE typically ask for; nothing in the engine is tuned to them.
"""

from __future__ import annotations

import random

# Communes of the Orne with their coordinates (town centres, WGS84).
COMMUNES = [
    ("Alençon", 48.4329, 0.0913),
    ("Argentan", 48.7445, -0.0203),
    ("Flers", 48.7500, -0.5700),
    ("L'Aigle", 48.7647, 0.6283),
    ("Mortagne-au-Perche", 48.5203, 0.5469),
    ("Sées", 48.6044, 0.1722),
    ("La Ferté-Macé", 48.5900, -0.3600),
    ("Domfront", 48.5928, -0.6461),
    ("Vimoutiers", 48.9272, 0.1967),
    ("Bellême", 48.3756, 0.5600),
    ("Gacé", 48.7956, 0.2961),
    ("Le Mêle-sur-Sarthe", 48.5094, 0.3597),
    ("Rémalard", 48.4297, 0.7769),
    ("Tinchebray", 48.7636, -0.7331),
    ("Athis-de-l'Orne", 48.8133, -0.4986),
    ("Putanges", 48.7617, -0.2433),
    ("Écouché", 48.7175, -0.1244),
    ("Carrouges", 48.5650, -0.1536),
    ("Briouze", 48.7033, -0.3683),
    ("Bagnoles-de-l'Orne", 48.5575, -0.4136),
    ("Le Theil", 48.2750, 0.7167),
    ("Longny-au-Perche", 48.5306, 0.7522),
    ("Moulins-la-Marche", 48.6489, 0.4800),
    ("Trun", 48.8428, 0.0325),
    ("Courtomer", 48.6406, 0.3539),
    ("Passais", 48.5200, -0.7700),
    ("Juvigny-sous-Andaine", 48.5500, -0.5100),
    ("Rânes", 48.6383, -0.2117),
    ("Messei", 48.7117, -0.5367),
    ("Céaucé", 48.4950, -0.6250),
    ("Pervenchères", 48.4411, 0.4153),
    ("Tourouvre", 48.5889, 0.6539),
    ("Mortrée", 48.6400, 0.0800),
    ("Exmes", 48.7547, 0.1767),
    ("Le Sap", 48.8953, 0.3311),
    ("La Ferrière-aux-Étangs", 48.6617, -0.5200),
    ("Condé-sur-Huisne", 48.3833, 0.8500),
    ("Damigny", 48.4500, 0.0667),
    ("Valframbert", 48.4667, 0.1000),
    ("Saint-Germain-du-Corbéis", 48.4222, 0.0600),
]

SUMMER = list(range(23, 38))
GROWING = list(range(12, 45))
SCHOOL = [w for w in range(1, 53) if w not in (1, 8, 9, 16, 17, 28, 29, 30, 31, 32, 33, 34, 35, 44, 52)]

# sector -> (weight, jobs); job = (ROME code, shapes); shape = (kind, days, start, end | minutes, weeks)
SECTORS = {
    "agriculture": (
        0.25,
        [
            ("A1414", [("fixed", (0, 1, 2, 3, 4), 420, 720, GROWING), ("flex", 900, (360, 1140), GROWING)]),
            ("A1407", [("fixed", (0, 2, 4), 360, 600, None), ("fixed", (5, 6), 360, 540, None)]),
            ("A1416", [("flex", 600, (420, 1080), None), ("fixed", (1, 3), 480, 1020, GROWING)]),
        ],
    ),
    "tourism": (
        0.2,
        [
            ("G1603", [("fixed", (4, 5, 6), 660, 900, SUMMER), ("fixed", (4, 5), 1110, 1350, SUMMER)]),
            ("G1803", [("fixed", (5, 6), 690, 930, None), ("fixed", (2, 3, 4), 1110, 1320, SUMMER)]),
            ("G1501", [("fixed", (0, 2, 5), 540, 780, None), ("flex", 480, (480, 900), SUMMER)]),
        ],
    ),
    "retail": (
        0.2,
        [
            ("D1106", [("fixed", (1, 2, 3, 4, 5), 480, 720, None), ("flex", 720, (480, 1140), None)]),
            ("D1507", [("fixed", (0, 2, 4), 360, 540, None), ("fixed", (5,), 480, 1080, None)]),
        ],
    ),
    "associations": (
        0.15,
        [
            ("K1207", [("fixed", (2,), 810, 1080, SCHOOL), ("fixed", (0, 1, 3, 4), 990, 1110, SCHOOL)]),
            ("G1202", [("fixed", (2,), 480, 1080, SCHOOL), ("flex", 600, (540, 1080), SUMMER)]),
            ("M1607", [("flex", 420, (540, 1020), None), ("fixed", (0, 3), 840, 1050, None)]),
        ],
    ),
    "local_authorities": (
        0.2,
        [
            (
                "K2204",
                [("fixed", (0, 1, 2, 3, 4), 360, 510, None), ("fixed", (0, 1, 3, 4), 1050, 1170, None)],
            ),
            ("A1203", [("flex", 840, (450, 1020), GROWING), ("fixed", (0, 1, 2), 480, 720, GROWING)]),
            ("K1302", [("fixed", (0, 1, 2, 3, 4), 690, 810, None), ("fixed", (5, 6), 480, 600, None)]),
        ],
    ),
}


def generate(n_needs: int, seed: int = 0, employees_ratio: float = 0.04) -> dict:
    """An instance with ``n_needs`` needs; about 2.5 needs per member, a few employees."""
    rng = random.Random(seed)
    # Larger territories spread over more (jittered) places: ~1 site per 12 needs.
    n_sites = max(5, min(len(COMMUNES) * 8, n_needs // 12))
    sites = []
    for s in range(n_sites):
        name, lat, lon = COMMUNES[s % len(COMMUNES)]
        if s >= len(COMMUNES):  # another establishment in the same commune
            lat += rng.uniform(-0.02, 0.02)
            lon += rng.uniform(-0.03, 0.03)
        sites.append({"id": f"s{s + 1}", "lat": round(lat, 5), "lon": round(lon, 5), "_name": name})
    sector_names = list(SECTORS)
    weights = [SECTORS[s][0] for s in sector_names]
    needs = []
    member = 0
    while len(needs) < n_needs:
        member += 1
        sector = rng.choices(sector_names, weights)[0]
        site = rng.choice(sites)["id"]
        for _ in range(min(rng.choice((1, 2, 2, 3, 4)), n_needs - len(needs))):
            code, shapes = rng.choice(SECTORS[sector][1])
            need = _need(rng, len(needs) + 1, f"m{member}", code, site, rng.choice(shapes))
            needs.append(need)
    employees = []
    for e in range(int(n_needs * employees_ratio)):
        sector = rng.choices(sector_names, weights)[0]
        codes = sorted({rng.choice(SECTORS[sector][1])[0] for _ in range(3)})
        availability = None
        if rng.random() < 0.6:
            availability = [{"start": d * 1440 + 360, "end": d * 1440 + 1200} for d in range(6)]
        employees.append(
            {
                "id": f"e{e + 1}",
                "skills": codes,
                "home_site": rng.choice(sites)["id"],
                "availability": availability,
                "contract_weekly_minutes": rng.choice((1820, 2100, 1200)),
            }
        )
    for s in sites:
        del s["_name"]
    return {"version": 1, "params": {}, "sites": sites, "needs": needs, "employees": employees}


def _need(rng, number, member, code, site, shape) -> dict:
    need = {"id": f"n{number}", "member": member, "skills": [code], "site": site}
    if shape[0] == "fixed":
        _, days, start, end, weeks = shape
        shift = rng.choice((-30, 0, 0, 30, 60))
        chosen = [d for d in days if rng.random() < 0.85] or [days[0]]
        need["slots"] = [{"start": d * 1440 + start + shift, "end": d * 1440 + end + shift} for d in chosen]
    else:
        _, minutes, (lo, hi), weeks = shape
        minutes = max(180, minutes + rng.choice((-120, -60, 0, 60, 120)))
        need["flexible"] = {
            "weekly_minutes": minutes,
            "windows": [{"start": d * 1440 + lo, "end": d * 1440 + hi} for d in range(5)],
            "min_block_minutes": 120,
            "max_block_minutes": 300,
        }
    need["weeks"] = weeks
    return need


def staffing(n_needs: int, seed: int = 0, employees_ratio: float = 0.3) -> dict:
    """Pure staffing: the territorial needs, many employees, ``new_positions: false``.

    With the default ratio the employees' contracts hold about 85 % of the minutes (scarce staff);
    with 0.6, about 170 % (more staff than work: the question becomes how few employees suffice).
    """
    data = generate(n_needs, seed=seed, employees_ratio=employees_ratio)
    data["params"] = {"new_positions": False}
    return data


def packing(n_items: int, seed: int = 0) -> dict:
    """Pure packing: weekly volumes only (no windows, no daily limits, every position viable)."""
    rng = random.Random(seed)
    needs = [
        {"id": f"n{k + 1}", "member": f"m{k + 1}", "flexible": {"weekly_minutes": rng.randint(4, 50) * 30}}
        for k in range(n_items)
    ]
    params = {
        "min_weekly_minutes": 0,
        "max_daily_minutes": None,
        "min_daily_rest_minutes": None,
        "max_members_per_position": None,
    }
    return {"version": 1, "params": params, "needs": needs}
