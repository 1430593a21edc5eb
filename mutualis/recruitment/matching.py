"""Ranking a candidate pool for one offer. Pure functions on plain data (no Django import), so that
the benchmark (`make bench-matching`) and the tests call them directly.

1. Hard filters, each with its reason: the weekly hours are within the candidate's range; every
   block of the offer's week lies inside one of the candidate's availability windows (no windows:
   available at any time); every work place is within the distance the candidate accepts (unknown
   coordinates do not exclude, they are reported).
2. One score per skill kind (technical, transversal, behavioural):
   Σ weight × min(level / level wanted, 1) / Σ weight over the offer's skills of that kind.
   The overall score is the weighted mean over all the offer's skills, required skills counting
   double. Missing skills (level 0) are named, required ones first.

Week times are minutes from Monday 00:00.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

KINDS = ("technical", "transversal", "behavioural")
EARTH_RADIUS_KM = 6371.0088
REQUIRED_FACTOR = 2

EXCLUDED_HOURS = "hours"
EXCLUDED_SCHEDULE = "schedule"
EXCLUDED_DISTANCE = "distance"


@dataclass(frozen=True)
class OfferSkillSpec:
    skill_id: int
    kind: str
    weight: int = 2
    level: int = 2
    required: bool = True


@dataclass(frozen=True)
class OfferSpec:
    weekly_minutes: int
    blocks: tuple  # ((start, end), …)
    sites: tuple  # ((lat, lon), …) — places with known coordinates
    skills: tuple  # (OfferSkillSpec, …)


@dataclass
class CandidateSpec:
    id: object
    windows: tuple = ()  # ((start, end), …); empty: available at any time
    lat: float | None = None
    lon: float | None = None
    travel_km: float | None = None
    min_minutes: int | None = None
    max_minutes: int | None = None
    levels: dict = field(default_factory=dict)  # skill_id -> level 1..4


@dataclass
class Match:
    candidate_id: object
    score: float
    scores: dict  # kind -> 0..1, only for the kinds the offer asks for
    missing: list  # skill ids, required first
    missing_required: int
    max_distance_km: float | None


@dataclass
class Ranking:
    matches: list  # sorted, best first
    excluded: dict  # reason -> count


def _covered(blocks, windows):
    """Every block lies inside one window (windows sorted by start)."""
    for start, end in blocks:
        for w_start, w_end in windows:
            if w_start <= start and end <= w_end:
                break
            if w_start > start:
                return False
        else:
            return False
    return True


def _distances(lat, lon, sites):
    """Great-circle distances (km) from one point to each site, computed with the haversine formula."""
    phi1, lam1 = math.radians(lat), math.radians(lon)
    cos_phi1 = math.cos(phi1)
    out = []
    for s_lat, s_lon in sites:
        phi2, lam2 = math.radians(s_lat), math.radians(s_lon)
        a = math.sin((phi2 - phi1) / 2) ** 2 + cos_phi1 * math.cos(phi2) * math.sin((lam2 - lam1) / 2) ** 2
        out.append(2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a)))
    return out


def rank(offer: OfferSpec, candidates, *, limit=None) -> Ranking:
    blocks = tuple(sorted(offer.blocks))
    skills = offer.skills
    kinds_total = {}
    for s in skills:
        kinds_total[s.kind] = kinds_total.get(s.kind, 0) + s.weight
    overall_total = sum(s.weight * (REQUIRED_FACTOR if s.required else 1) for s in skills) or 1
    # Required skills first, so that `missing` lists them first without sorting per candidate.
    ordered = sorted(skills, key=lambda s: (not s.required, -s.weight))
    excluded = {EXCLUDED_HOURS: 0, EXCLUDED_SCHEDULE: 0, EXCLUDED_DISTANCE: 0}
    weekly = offer.weekly_minutes
    matches = []
    for c in candidates:
        if (c.min_minutes is not None and weekly < c.min_minutes) or (
            c.max_minutes is not None and weekly > c.max_minutes
        ):
            excluded[EXCLUDED_HOURS] += 1
            continue
        if c.windows and not _covered(blocks, c.windows):
            excluded[EXCLUDED_SCHEDULE] += 1
            continue
        farthest = None
        if c.lat is not None and c.lon is not None and offer.sites:
            farthest = max(_distances(c.lat, c.lon, offer.sites))
            if c.travel_km is not None and farthest > c.travel_km:
                excluded[EXCLUDED_DISTANCE] += 1
                continue
        levels = c.levels
        by_kind = dict.fromkeys(kinds_total, 0.0)
        overall = 0.0
        missing = []
        missing_required = 0
        for s in ordered:
            level = levels.get(s.skill_id, 0)
            if level <= 0:
                missing.append(s.skill_id)
                missing_required += s.required
                continue
            part = s.weight * (level / s.level if level < s.level else 1.0)
            by_kind[s.kind] += part
            overall += part * (REQUIRED_FACTOR if s.required else 1)
        scores = {kind: by_kind[kind] / kinds_total[kind] for kind in kinds_total}
        matches.append(
            Match(
                candidate_id=c.id,
                score=overall / overall_total if skills else 1.0,
                scores=scores,
                missing=missing,
                missing_required=missing_required,
                max_distance_km=farthest,
            )
        )
    matches.sort(key=lambda m: (m.missing_required, -m.score, m.max_distance_km or 0.0))
    if limit is not None:
        matches = matches[:limit]
    return Ranking(matches=matches, excluded=excluded)


def naive_rank(offer: OfferSpec, candidates):
    """The obvious version, kept as the benchmark's baseline: every candidate is compared with every
    skill and window by scanning lists, distances recomputed per block, one full sort of everything.
    Same result as `rank` (the tests check it)."""
    excluded = {EXCLUDED_HOURS: 0, EXCLUDED_SCHEDULE: 0, EXCLUDED_DISTANCE: 0}
    rows = []
    for c in candidates:
        level_list = list(c.levels.items())
        if (c.min_minutes is not None and offer.weekly_minutes < c.min_minutes) or (
            c.max_minutes is not None and offer.weekly_minutes > c.max_minutes
        ):
            excluded[EXCLUDED_HOURS] += 1
            continue
        fits = all(any(ws <= bs and be <= we for ws, we in c.windows) for bs, be in offer.blocks)
        if c.windows and not fits:
            excluded[EXCLUDED_SCHEDULE] += 1
            continue
        farthest = None
        if c.lat is not None and c.lon is not None and offer.sites:
            distances = []
            for _block in offer.blocks or ((0, 0),):
                distances = [_distances(c.lat, c.lon, [site])[0] for site in offer.sites]
            farthest = max(distances)
            if c.travel_km is not None and farthest > c.travel_km:
                excluded[EXCLUDED_DISTANCE] += 1
                continue
        scores, totals, overall, overall_total, missing, missing_required = {}, {}, 0.0, 0, [], 0
        for s in sorted(offer.skills, key=lambda s: (not s.required, -s.weight)):
            level = next((lv for sid, lv in level_list if sid == s.skill_id), 0)
            factor = REQUIRED_FACTOR if s.required else 1
            totals[s.kind] = totals.get(s.kind, 0) + s.weight
            scores.setdefault(s.kind, 0.0)
            overall_total += s.weight * factor
            if level <= 0:
                missing.append(s.skill_id)
                missing_required += s.required
                continue
            part = s.weight * min(level / s.level, 1.0)
            scores[s.kind] += part
            overall += part * factor
        rows.append(
            Match(
                candidate_id=c.id,
                score=overall / overall_total if offer.skills else 1.0,
                scores={k: scores[k] / totals[k] for k in totals},
                missing=missing,
                missing_required=missing_required,
                max_distance_km=farthest,
            )
        )
    rows.sort(key=lambda m: (m.missing_required, -m.score, m.max_distance_km or 0.0))
    return Ranking(matches=rows, excluded=excluded)
