"""Explanations shown to planners (in French): why a need stays unassigned, and each position's week.

``explain`` returns ``{"unassigned": {need_id: reason}, "weeks": {position_id: [day, ...]}}``
where each day is ``{"day": 0, "label": "lundi", "blocks": [...]}`` ready to draw.
"""

from __future__ import annotations

import time

from mutualis.engine.compat import Bin, Prepared, alone_ok

DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "lundi suivant"]
NEAREST = 30


def _h(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h" if not rest else f"{hours} h {rest:02d}"


def _clock(minute: int) -> str:
    return f"{minute % 1440 // 60:02d}:{minute % 60:02d}"


def explain(prep: Prepared, positions, deadline: float | None = None) -> dict:
    inst = prep.instance
    placed = {i for _, entries in positions for i, _ in entries}
    bins = []
    for employee, entries in positions:
        if entries:
            b = Bin(prep, employee)
            for i, k in entries:
                b.add(i, k)
            bins.append(b)
    reasons = {}
    for i, need in enumerate(inst.needs):
        if i in placed:
            continue
        if deadline is not None and time.monotonic() > deadline:
            reasons[need.id] = "non analysé : temps de calcul épuisé"
            continue
        reasons[need.id] = reason(prep, i, bins)
    return {"unassigned": reasons, "weeks": weeks(prep, positions)}


def reason(prep: Prepared, i: int, bins: list[Bin]) -> str:
    """One French sentence saying why need ``i`` is not placed."""
    inst = prep.instance
    params = prep.params
    need = inst.needs[i]
    if not prep.patterns[i]:
        return _alone_reason(prep, i)
    if not params.new_positions and not any(i in allowed for allowed in prep.eligible):
        return "aucun salarié n'a les compétences et les disponibilités requises"
    others = [j for j in range(prep.n) if j != i and prep.patterns[j]]
    partner = next((j for j in others if prep.compatible(i, j)), None)
    if params.new_positions and partner is None and others:
        first = _pair_reason(prep, i, _nearest_need(prep, i, others), 0)
        return f"aucun besoin compatible ({first})" if first else "aucun besoin compatible"
    parts = []
    if params.new_positions and need.minutes < params.min_weekly_minutes:
        parts.append(f"seul, il reste sous le minimum de {_h(params.min_weekly_minutes)} hebdomadaires")
    elif not params.new_positions:
        parts.append("aucun salarié compatible n'a de place")
    for b in _nearest_bins(prep, i, bins):
        why = why_not(b, i)
        if why:
            parts.append(f"ne peut rejoindre le poste le plus proche : {why}")
            break
    if not parts:
        parts.append("aucun regroupement viable trouvé dans le temps imparti")
    return " ; ".join(parts)


def _point(prep: Prepared, i: int):
    site = prep.instance.needs[i].site
    if site is None:
        return None
    s = prep.instance.sites[site]
    return (s.lat, s.lon)


def _distance(a, b) -> float:
    if a is None or b is None:
        return 0.0
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2


def _nearest_need(prep: Prepared, i: int, others: list[int]) -> int:
    here = _point(prep, i)
    return min(others[: NEAREST * 20], key=lambda j: (_distance(here, _point(prep, j)), j))


def _nearest_bins(prep: Prepared, i: int, bins: list[Bin]) -> list[Bin]:
    """The positions closest to the need (by their first need's site), at most ``NEAREST``."""
    here = _point(prep, i)
    return sorted(bins, key=lambda b: _distance(here, _point(prep, b.entries[0][0])))[:NEAREST]


def _alone_reason(prep: Prepared, i: int) -> str:
    params = prep.params
    need = prep.instance.needs[i]
    cap = prep.max_cap
    if cap is not None and need.minutes > cap:
        return f"à lui seul il dépasse la durée hebdomadaire maximale de {_h(cap)}"
    if need.slots is not None and not alone_ok(need.slots, params, None):
        days: dict[int, int] = {}
        for s, e in need.slots:
            days[s // 1440] = days.get(s // 1440, 0) + e - s
        if params.max_daily_minutes is not None and max(days.values()) > params.max_daily_minutes:
            return f"ses créneaux dépassent à eux seuls {_h(params.max_daily_minutes)} dans une journée"
        return f"ses créneaux ne laissent pas le repos quotidien de {_h(params.min_daily_rest_minutes)}"
    return "ses blocs ne trouvent pas de place dans ses fenêtres en respectant les règles"


def _pair_reason(prep: Prepared, i: int, j: int, k: int = 0) -> str | None:
    """Why need i cannot sit next to need j (first rule broken), or None if it can."""
    params = prep.params
    inst = prep.instance
    a, b = inst.needs[i], inst.needs[j]
    if not prep.masks[i] & prep.masks[j]:
        return None
    for pa in prep.patterns[i]:
        for pb in prep.patterns[j][:1]:
            t = prep.travel(a.site, b.site)
            for s1, e1 in pa.intervals:
                for s2, e2 in pb.intervals:
                    if s2 < e1 and s1 < e2:
                        return f"chevauche {b.id}"
                    if s2 < e1 + t and s1 < e2 + t:
                        return f"pas assez de temps pour les {t} min de trajet avec {b.id}"
                    rest = params.min_daily_rest_minutes
                    if rest is not None and (
                        (s2 // 1440 == s1 // 1440 + 1 and s2 - e1 < rest)
                        or (s1 // 1440 == s2 // 1440 + 1 and s1 - e2 < rest)
                    ):
                        return f"casserait le repos quotidien de {_h(rest)} avec {b.id}"
            if params.max_daily_minutes is not None:
                for x, y in zip(pa.day_minutes, pb.day_minutes, strict=True):
                    if x + y > params.max_daily_minutes:
                        return f"dépasserait {_h(params.max_daily_minutes)} dans la journée avec {b.id}"
    cap = prep.max_cap
    if cap is not None and a.minutes + b.minutes > cap:
        return f"dépasserait {_h(cap)} dans la semaine avec {b.id}"
    return None


def why_not(b: Bin, i: int) -> str | None:
    """Why need ``i`` cannot join position ``b``, or None if it can with some placement."""
    prep = b.prep
    inst = prep.instance
    need = inst.needs[i]
    if any(b.fits(i, k) for k in range(len(prep.patterns[i]))):
        before = b.viable()
        return None if before else "le poste resterait non viable"
    limit = prep.params.max_members_per_position
    if limit is not None and need.member not in b.members and len(b.members) >= limit:
        return f"le poste a déjà {limit} adhérents"
    if b.employee is not None and i not in prep.eligible[b.employee]:
        return f"{inst.employees[b.employee].id} n'a pas les compétences ou les disponibilités"
    for j, _ in b.entries:
        why = _pair_reason(prep, i, j)
        if why:
            return why
    if b.cap is not None and int(b.week_total[prep.week_rows[i]].max()) + need.minutes > b.cap:
        return f"le poste dépasserait {_h(b.cap)} dans la semaine"
    return "les limites quotidiennes du poste seraient dépassées"


def weeks(prep: Prepared, positions) -> dict:
    """For each position (ids as in the plan), its week as days of blocks."""
    from mutualis.engine.plan import ordered_positions, schedules

    inst = prep.instance
    out = {}
    ordered = ordered_positions(prep, positions)
    placed_at = schedules(prep, ordered)
    for number, (_employee, entries) in enumerate(ordered, start=1):
        days: dict[int, list] = {}
        for i, _k in entries:
            need = inst.needs[i]
            for s, e in placed_at[i]:
                days.setdefault(s // 1440, []).append(
                    {
                        "need": need.id,
                        "member": need.member,
                        "site": need.site,
                        "start": _clock(s),
                        "end": _clock(e) if e - s + s % 1440 < 1440 else _clock(e) + " (+1)",
                        "start_minute": s,
                        "end_minute": e,
                        "weeks": None if len(need.weeks) == 53 else sorted(need.weeks),
                    }
                )
        out[f"p{number}"] = [
            {"day": d, "label": DAYS[d], "blocks": sorted(blocks, key=lambda x: x["start_minute"])}
            for d, blocks in sorted(days.items())
        ]
    return out
