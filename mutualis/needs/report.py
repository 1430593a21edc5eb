"""Feasibility study of a consolidation run (the "étude de marché"): XLSX and PDF.

What the declared needs could make: the CDI positions, by job and by commune, hours, members involved,
a map of the places and each position's week. The XLSX is built in the request (0.5 s for 160
positions); the PDF takes WeasyPrint about 12 s, so a job builds it (`study_pdf.py`).
"""

from collections import defaultdict

import tablib
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from mutualis.core import spreadsheets
from mutualis.geography import svg as geo_svg

from .charts import week_chart
from .instance import organisation_key, plan_to_public, readable_reason
from .models import Need, NeedKind
from .timeline import format_duration


def _need_minutes(need):
    if need.kind == NeedKind.FIXED:
        return sum(s.end - s.start for s in need.slots.all())
    return need.weekly_minutes or 0


def position_chart(proposal, needs, names=None):
    """Week chart of one proposed position (`plan_to_public` form): a colour and a number per
    organisation, in the plan's order. `needs`: {public id: Need}; `names`: {organisation key: name},
    by default each need's organisation name."""
    entries = [
        {
            "start": item["start"],
            "end": item["end"],
            "key": organisation_key(needs[item["need"]]),
            "label": needs[item["need"]].job_title,
        }
        for item in proposal["schedule"]
        if item["need"] in needs
    ]
    if names is None:
        names = {organisation_key(need): need.organisation_name for need in needs.values()}
    chart = week_chart(entries, legend_keys=proposal["members"])
    for row in chart["legend"]:
        row["name"] = names.get(row["key"], "?")
    return chart


def study(run, *, with_charts=False):
    """Everything the report shows, as plain data (also used by the tests); `with_charts` adds each
    position's week chart (for the PDF)."""
    public = plan_to_public(run.plan or {}, run.id_map or {})
    need_ids = [str(v) for v in (run.id_map or {}).get("needs", {}).values()]
    needs = {
        str(n.public_id): n
        for n in Need.objects.filter(group_id=run.group_id, public_id__in=need_ids)
        .select_related("member", "site", "declaration")
        .prefetch_related("slots")
    }
    position_of = {}
    positions = []
    for proposal in public["positions"]:
        members = sorted({needs[n].organisation_name for n in proposal["needs"] if n in needs})
        communes = sorted(
            {
                needs[n].site.city if needs[n].site_id else needs[n].city
                for n in proposal["needs"]
                if n in needs
            }
        )
        jobs = sorted({needs[n].job_title for n in proposal["needs"] if n in needs})
        for n in proposal["needs"]:
            position_of[n] = proposal["id"]
        positions.append(
            {
                "id": proposal["id"],
                "weekly_minutes": proposal["weekly_minutes"],
                "hours": format_duration(proposal["weekly_minutes"]),
                "members": members,
                "communes": [c for c in communes if c],
                "jobs": jobs,
                "travel": format_duration(proposal["travel_minutes"]),
                "schedule": proposal["schedule"],
                "chart": position_chart(proposal, needs) if with_charts else None,
            }
        )
    by_job = defaultdict(
        lambda: {"needs": 0, "minutes": 0, "placed": 0, "positions": set(), "members": set()}
    )
    by_commune = defaultdict(
        lambda: {"needs": 0, "minutes": 0, "placed": 0, "positions": set(), "members": set()}
    )
    for public_id, need in needs.items():
        minutes = _need_minutes(need)
        commune = (need.site.city if need.site_id else need.city) or _("(commune inconnue)")
        job = f"{need.job_title} ({need.rome_code})" if need.rome_code else need.job_title
        for bucket in (by_job[job], by_commune[commune]):
            bucket["needs"] += 1
            bucket["minutes"] += minutes
            bucket["members"].add(need.organisation_name)
            if public_id in position_of:
                bucket["placed"] += minutes
                bucket["positions"].add(position_of[public_id])

    def rows(table):
        return [
            {
                "label": label,
                "needs": v["needs"],
                "hours": format_duration(v["minutes"]),
                "hours_placed": format_duration(v["placed"]),
                "minutes": v["minutes"],
                "minutes_placed": v["placed"],
                "positions": len(v["positions"]),
                "members": len(v["members"]),
            }
            for label, v in sorted(table.items())
        ]

    unassigned = [
        {"need": needs[item["need"]], "reason": readable_reason(item["reason"], run.id_map or {}, needs)}
        for item in public["unassigned"]
        if item["need"] in needs
    ]
    return {
        "run": run,
        "kpis": run.kpis or {},
        "positions": positions,
        "by_job": rows(by_job),
        "by_commune": rows(by_commune),
        "unassigned": unassigned,
        "places": places_map(run.instance or {}, public, run.id_map or {}, needs),
        "printed_on": timezone.localdate(),
    }


def places_map(instance, public, id_map, needs=None):
    """Places of the instance on the geography's SVG map (outlines of the communes and départements).

    Places of one commune (from `needs`: {public id: Need}, when given; else places closer than
    ~100 m) share one numbered point; the legend gives, per number, the commune and the positions.
    """
    sites = instance.get("sites") or []
    if not sites:
        return None
    # The geography's projection and outlines (communes, départements) under the points.
    projection = geo_svg.projection_for([{"lat": s["lat"], "lon": s["lon"]} for s in sites])
    public_of = id_map.get("needs", {})
    by_site_positions, by_site_communes = defaultdict(set), defaultdict(set)
    position_of = {n: p["id"] for p in public["positions"] for n in p["needs"]}
    for item in instance.get("needs", []):
        site = item.get("site")
        if not site:
            continue
        public_id = public_of.get(item["id"])
        if public_id in position_of:
            by_site_positions[site].add(position_of[public_id])
        need = (needs or {}).get(public_id)
        if need is not None:
            commune = need.site.city if need.site_id else need.city
            if commune:
                by_site_communes[site].add(commune)
    groups = {}
    for site in sites:
        communes = by_site_communes.get(site["id"])
        key = tuple(sorted(communes)) if communes else (round(site["lat"], 3), round(site["lon"], 3))
        group = groups.setdefault(key, {"lats": [], "lons": [], "positions": set(), "communes": set()})
        group["lats"].append(site["lat"])
        group["lons"].append(site["lon"])
        group["positions"] |= by_site_positions.get(site["id"], set())
        group["communes"] |= communes or set()
    for group in groups.values():
        group["lat"] = sum(group["lats"]) / len(group["lats"])
        group["lon"] = sum(group["lons"]) / len(group["lons"])
    points = []
    for number, group in enumerate(sorted(groups.values(), key=lambda g: (-g["lat"], g["lon"])), start=1):
        x, y = projection.xy(group["lat"], group["lon"])
        points.append(
            {
                "number": number,
                "x": x,
                "y": y,
                "communes": ", ".join(sorted(group["communes"])) or "—",
                "positions": ", ".join(sorted(group["positions"], key=lambda p: int(p[1:]))) or "—",
            }
        )
    return {
        "width": projection.width,
        "height": projection.height,
        "points": points,
        "outlines": geo_svg.outline_paths(projection),
    }


def feasibility_xlsx(run):
    data = study(run)
    kpis = data["kpis"]
    book = tablib.Databook()
    book.add_sheet(
        spreadsheets.dataset(
            [_("Indicateur"), _("Valeur")],
            [
                (_("Besoins étudiés"), kpis.get("needs")),
                (_("Heures hebdomadaires déclarées"), round(kpis.get("minutes_total", 0) / 60, 2)),
                (_("Heures hebdomadaires placées"), round(kpis.get("minutes_placed", 0) / 60, 2)),
                (_("Postes (CDI) possibles"), kpis.get("positions")),
                (_("dont à temps plein"), kpis.get("full_time_positions")),
                (_("dont de 24 h ou plus"), kpis.get("positions_24h_or_more")),
                (_("Adhérents par poste (moyenne)"), kpis.get("members_per_position")),
                (_("Besoins non placés"), kpis.get("unassigned")),
            ],
            title=_("Synthèse"),
        )
    )
    book.add_sheet(
        spreadsheets.dataset(
            [_("Poste"), _("Heures par semaine"), _("Emplois"), _("Adhérents"), _("Communes"), _("Trajets")],
            (
                [
                    p["id"],
                    round(p["weekly_minutes"] / 60, 2),
                    ", ".join(p["jobs"]),
                    ", ".join(p["members"]),
                    ", ".join(p["communes"]),
                    p["travel"],
                ]
                for p in data["positions"]
            ),
            title=_("Postes"),
        )
    )
    for title, key in ((_("Par emploi"), "by_job"), (_("Par commune"), "by_commune")):
        book.add_sheet(
            spreadsheets.dataset(
                [
                    title,
                    _("Besoins"),
                    _("Heures déclarées"),
                    _("Heures placées"),
                    _("Postes"),
                    _("Adhérents"),
                ],
                (
                    [
                        row["label"],
                        row["needs"],
                        round(row["minutes"] / 60, 2),
                        round(row["minutes_placed"] / 60, 2),
                        row["positions"],
                        row["members"],
                    ]
                    for row in data[key]
                ),
                title=title,
            )
        )
    book.add_sheet(
        spreadsheets.dataset(
            [_("Besoin"), _("Organisation"), _("Raison")],
            (
                [item["need"].job_title, item["need"].organisation_name, item["reason"]]
                for item in data["unassigned"]
            ),
            title=_("Besoins non placés"),
        )
    )
    return book.export("xlsx")


def feasibility_pdf(run, progress=None):
    """The study as PDF bytes (WeasyPrint). `progress(percent, message)`, when given, hears of each
    step: the layout is the long one (about 12 s for 160 positions, each with its week chart)."""
    from weasyprint import CSS, HTML

    def report(percent, message):
        if progress is not None:
            progress(percent, message)

    report(5, _("Préparation des données de l'étude"))
    context = study(run, with_charts=True)
    report(20, _("Mise en page de %(n)s postes") % {"n": len(context["positions"])})
    html = render_to_string("needs/pdf/feasibility.html", context)
    stylesheet = finders.find("mutualis/pdf.css")
    document = HTML(string=html).render(stylesheets=[CSS(filename=stylesheet)] if stylesheet else [])
    report(85, _("Écriture du PDF (%(n)s pages)") % {"n": len(document.pages)})
    return document.write_pdf()
