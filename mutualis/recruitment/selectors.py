"""Reads of recruitment: the offer's board, the pool for matching, the public offers."""

from collections import defaultdict

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from mutualis.accounts.tenancy import scoped

from . import matching
from .models import (
    Application,
    ApplicationStatus,
    Candidate,
    CandidateSkill,
    CandidateSource,
    JobOffer,
    OfferSkill,
    OfferStatus,
)

BOARD_COLUMNS = (
    ApplicationStatus.NEW,
    ApplicationStatus.SCREENING,
    ApplicationStatus.INTERVIEW,
    ApplicationStatus.PRIOR_TO_HIRE,
    ApplicationStatus.HIRED,
)


def offer_list(membership):
    return (
        scoped(JobOffer, membership)
        .select_related("position")
        .annotate(
            application_count=Count("applications", distinct=True),
            open_count=Count(
                "applications",
                filter=Q(
                    applications__status__in=(
                        ApplicationStatus.NEW,
                        ApplicationStatus.SCREENING,
                        ApplicationStatus.INTERVIEW,
                        ApplicationStatus.PRIOR_TO_HIRE,
                    )
                ),
                distinct=True,
            ),
        )
    )


def application_list(membership):
    return scoped(Application, membership).select_related("candidate", "offer")


def board(membership, offer):
    """{status: [applications]} for the offer's board, closed states gathered at the end."""
    columns = {status: [] for status in BOARD_COLUMNS}
    closed = []
    rows = application_list(membership).filter(offer=offer).order_by("status_changed_at", "id")
    for application in rows:
        columns.get(application.status, closed).append(application)
    return [(ApplicationStatus(s), columns[s]) for s in BOARD_COLUMNS], closed


def offer_skills(offer):
    return list(offer.skills.select_related("skill").order_by("requirement", "-weight", "id"))


def site_points(offer):
    """The offer's work places with coordinates: [(lat, lon)], and every place (for display)."""
    sites = []
    for need in offer.position.needs.select_related("site", "member"):
        site = need.site
        if site is not None and site.latitude is not None:
            sites.append((float(site.latitude), float(site.longitude)))
        elif need.latitude is not None:
            sites.append((float(need.latitude), float(need.longitude)))
    return sorted(set(sites))


def offer_spec(offer, skills=None):
    skills = offer_skills(offer) if skills is None else skills
    return matching.OfferSpec(
        weekly_minutes=offer.weekly_minutes,
        blocks=tuple((int(s["start"]), int(s["end"])) for s in offer.schedule),
        sites=tuple(site_points(offer)),
        skills=tuple(
            matching.OfferSkillSpec(
                skill_id=s.skill_id,
                kind=s.skill.kind,
                weight=s.weight,
                level=s.level,
                required=s.requirement == "required",
            )
            for s in skills
        ),
    )


def pool(group, *, on=None):
    """Candidates the GE may consider: consent to the pool still valid, an open application, or an
    employee of the GE looking for more hours."""
    on = on or timezone.localdate()
    return (
        Candidate.objects.filter(group=group)
        .filter(
            Q(pool_consent_until__gte=on)
            | Q(source=CandidateSource.EMPLOYEE)
            | Q(
                applications__status__in=(
                    ApplicationStatus.NEW,
                    ApplicationStatus.SCREENING,
                    ApplicationStatus.INTERVIEW,
                    ApplicationStatus.PRIOR_TO_HIRE,
                )
            )
        )
        .distinct()
    )


def candidate_specs(candidates_qs):
    """Two queries: the candidates' columns and their skill levels, as matching.CandidateSpec."""
    rows = list(
        candidates_qs.values_list(
            "pk",
            "availability",
            "latitude",
            "longitude",
            "travel_km",
            "weekly_minutes_min",
            "weekly_minutes_max",
        )
    )
    levels = defaultdict(dict)
    ids = [r[0] for r in rows]
    for candidate_id, skill_id, level in CandidateSkill.objects.filter(candidate_id__in=ids).values_list(
        "candidate_id", "skill_id", "level"
    ):
        levels[candidate_id][skill_id] = level
    specs = []
    for pk, availability, lat, lon, travel, wmin, wmax in rows:
        specs.append(
            matching.CandidateSpec(
                id=pk,
                windows=tuple(sorted((int(w["start"]), int(w["end"])) for w in availability or ())),
                lat=float(lat) if lat is not None else None,
                lon=float(lon) if lon is not None else None,
                travel_km=travel,
                min_minutes=wmin,
                max_minutes=wmax,
                levels=levels.get(pk, {}),
            )
        )
    return specs


def matches(offer, *, limit=50):
    """The ranked pool for an offer: (rows, excluded counts). Each row: candidate, match, skill names."""
    skills = offer_skills(offer)
    ranking = matching.rank(offer_spec(offer, skills), candidate_specs(pool(offer.group)), limit=limit)
    by_id = Candidate.objects.in_bulk([m.candidate_id for m in ranking.matches])
    names = {s.skill_id: s.skill.label for s in skills}
    required = {s.skill_id for s in skills if s.requirement == "required"}
    applied = set(
        Application.objects.filter(offer=offer, candidate_id__in=list(by_id)).values_list(
            "candidate_id", flat=True
        )
    )
    rows = [
        {
            "candidate": by_id[m.candidate_id],
            "match": m,
            "percent": round(m.score * 100),
            "scores": {
                kind: (round(m.scores[kind] * 100) if kind in m.scores else None) for kind in matching.KINDS
            },
            "missing": [{"label": names[s], "required": s in required} for s in m.missing],
            "applied": m.candidate_id in applied,
        }
        for m in ranking.matches
    ]
    return rows, ranking.excluded


def public_offers():
    """Published offers of every GE, for the public page and the JSON export."""
    return (
        JobOffer.objects.filter(status=OfferStatus.PUBLISHED)
        .select_related("group", "position")
        .prefetch_related(
            Prefetch(
                "skills",
                queryset=OfferSkill.objects.select_related("skill").order_by("requirement", "-weight", "id"),
            ),
            "position__needs__site",
            "position__needs__member",
        )
        .order_by("-published_at", "-id")
    )


def places(offer):
    """[(member name or None, place label)] of the offer's work places; names only if the GE chose."""
    seen = []
    for need in offer.position.needs.all():
        city = need.site.city if need.site_id else need.city
        member = need.member.name if (need.member_id and offer.show_member_names) else None
        site = need.site.name if (need.site_id and offer.show_member_names) else None
        item = (member, site, city)
        if item not in seen:
            seen.append(item)
    return seen
