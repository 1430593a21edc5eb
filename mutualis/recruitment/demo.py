"""Recruitment demo for a demo GE (`seed_demo_recruitment`, run by `make run` and `make seed`).

Three shared positions built on the GE's members (the first one at the `contact-adherent` account's
member, so that its shortlist shows something):

1. « Agent d'entretien des locaux » — a published offer with applications at every stage (new,
   screening, interview with its appointment, prior to hire, refused, withdrawn, one unanswered
   for 70 days), one sent by the `partenaire` account, one received through the public form with a CV;
2. « Assistant administratif » — filled: a hire done, with its CDI and assignments;
3. « Préparateur de commandes » — accepted, no offer yet (the « Créer l'offre » button).

Plus a pool of candidates around Alençon with skills, availability and travel distance. Idempotent:
nothing is done when the GE already has an offer. Deterministic (dates from today)."""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from mutualis.accounts.models import Membership
from mutualis.accounts.roles import Role
from mutualis.employees.models import Skill
from mutualis.employer_groups.models import EmployerGroup
from mutualis.members.models import Member, Site
from mutualis.needs.models import Need, NeedKind, NeedSlot, NeedStatus, Position

from . import services
from .models import Application, ApplicationStatus, Candidate, CandidateSource, JobOffer, Requirement

DAY = 1440

# (first name, last name, town, lat, lon, km, hours min, max, [(skill code, level)], windows)
POOL = [
    (
        "Yanis",
        "Leroy",
        "Alençon",
        48.4320,
        0.0910,
        15,
        10,
        35,
        [("K2204", 3), ("TR-HYGIENE", 3), ("SE-RIGUEUR", 2)],
        "am",
    ),
    ("Inès", "Martin", "Damigny", 48.4500, 0.0800, 20, 12, 30, [("K2204", 2), ("SE-AUTONOMIE", 3)], ""),
    (
        "Léa",
        "Morel",
        "Valframbert",
        48.4670,
        0.1070,
        25,
        8,
        24,
        [("K2204", 4), ("TR-HYGIENE", 2), ("SE-RIGUEUR", 3)],
        "am",
    ),
    ("Hugo", "Lefèvre", "Sées", 48.6060, 0.1720, 30, 10, 35, [("K2204", 3), ("SE-ORGANISATION", 2)], ""),
    (
        "Manon",
        "Girard",
        "Alençon",
        48.4290,
        0.0870,
        10,
        10,
        28,
        [("K2204", 3), ("TR-HYGIENE", 3), ("SE-AUTONOMIE", 2), ("SE-RIGUEUR", 3)],
        "",
    ),
    ("Lucas", "Roux", "Mamers", 48.3500, 0.3680, 8, 20, 35, [("K2204", 2)], ""),
    (
        "Chloé",
        "Fontaine",
        "Saint-Germain-du-Corbéis",
        48.4220,
        0.0640,
        20,
        6,
        20,
        [("K2204", 1), ("SE-ADAPTATION", 3)],
        "",
    ),
    (
        "Sarah",
        "Bonnet",
        "Alençon",
        48.4330,
        0.0950,
        20,
        8,
        30,
        [("M1602", 3), ("TR-NUMERIQUE", 3), ("TR-TABLEUR", 2), ("SE-ORGANISATION", 3)],
        "",
    ),
    (
        "Karim",
        "Benali",
        "Arçonnay",
        48.4000,
        0.0920,
        25,
        15,
        35,
        [("N1103", 3), ("TR-CACES", 3), ("SE-EQUIPE", 2)],
        "",
    ),
    (
        "Emma",
        "Lambert",
        "Condé-sur-Sarthe",
        48.4330,
        0.0380,
        15,
        5,
        15,
        [("M1607", 2), ("TR-ECRIT", 3)],
        "pm",
    ),
    (
        "Nathan",
        "Caron",
        "Cerisé",
        48.4420,
        0.1170,
        12,
        20,
        35,
        [("K2204", 2), ("I1203", 2), ("TR-PERMIS-B", 3)],
        "",
    ),
    ("Zoé", "Marchand", "Alençon", 48.4310, 0.0900, 5, 4, 12, [("K2204", 2), ("SE-RELATION", 3)], "am"),
]
# Applications to the first offer: (candidate last name, status, days ago, extra)
STAGES = [
    ("Leroy", ApplicationStatus.NEW, 2, "online"),
    ("Martin", ApplicationStatus.NEW, 4, "partner"),
    ("Zoé-unanswered", ApplicationStatus.NEW, 70, ""),
    ("Morel", ApplicationStatus.SCREENING, 8, ""),
    ("Lefèvre", ApplicationStatus.INTERVIEW, 10, "appointment"),
    ("Girard", ApplicationStatus.PRIOR_TO_HIRE, 15, ""),
    ("Roux", ApplicationStatus.REFUSED, 12, ""),
    ("Fontaine", ApplicationStatus.WITHDRAWN, 9, ""),
]
DEMO_CV = b"%PDF-1.4\n% CV de demonstration\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _availability(kind):
    if kind == "am":  # mornings, Monday to Saturday
        return [{"start": d * DAY + 6 * 60, "end": d * DAY + 13 * 60} for d in range(6)]
    if kind == "pm":
        return [{"start": d * DAY + 13 * 60, "end": d * DAY + 20 * 60} for d in range(6)]
    return []


def _sites(group, exclude=()):
    """Members' first sites, nearest Alençon first (deterministic)."""
    rows = (
        Site.objects.filter(group=group, archived_at__isnull=True, member__archived_at__isnull=True)
        .exclude(member_id__in=exclude)
        .select_related("member")
        .order_by("member__name", "id")
    )
    seen, out = set(), []
    for site in rows:
        if site.member_id not in seen:
            seen.add(site.member_id)
            out.append(site)
    return out


def _position(group, director, title, rome_code, parts):
    """parts: [(site, [(start, end)])]. Builds the needs (consolidated) and the accepted position."""
    needs, schedule = [], []
    for site, blocks in parts:
        need = Need.objects.create(
            group=group,
            member=site.member,
            site=site,
            city=site.city,
            job_title=title,
            rome_code=rome_code,
            kind=NeedKind.FIXED,
            status=NeedStatus.CONSOLIDATED,
        )
        for start, end in blocks:
            NeedSlot.objects.create(need=need, start=start, end=end)
            schedule.append({"need": str(need.public_id), "start": start, "end": end})
        skill = Skill.objects.filter(code=rome_code).first()
        if skill:
            need.skills.add(skill)
        needs.append(need)
    position = Position.objects.create(
        group=group,
        title=title,
        rome_code=rome_code,
        weekly_minutes=sum(e - s for _site, blocks in parts for s, e in blocks),
        schedule=sorted(schedule, key=lambda i: i["start"]),
        accepted_by=director.user,
        accepted_at=timezone.now(),
    )
    position.needs.set(needs)
    position.members.set({site.member for site, _blocks in parts})
    return position


def _skills(pairs):
    found = {s.code: s for s in Skill.objects.filter(code__in=[c for c, _ in pairs])}
    return [(found[c], level) for c, level in pairs if c in found]


@transaction.atomic
def seed(*, group_slug="ge-partage-orne", log=print):
    group = EmployerGroup.objects.filter(slug=group_slug).first()
    if group is None:
        log(f"Recrutement : GE « {group_slug} » introuvable, rien à faire.")
        return None
    if JobOffer.objects.filter(group=group).exists():
        log(f"Recrutement : {group.name} a déjà des offres, rien à faire.")
        return None
    director = (
        Membership.objects.filter(group=group, role=Role.DIRECTOR, is_active=True)
        .select_related("user")
        .first()
    )
    planner = (
        Membership.objects.filter(group=group, role=Role.PLANNER, is_active=True)
        .select_related("user")
        .first()
        or director
    )
    if director is None:
        log("Recrutement : pas de compte de direction dans ce GE, rien à faire.")
        return None
    contact = Membership.objects.filter(group=group, role=Role.MEMBER_CONTACT, member__isnull=False).first()
    partner = Membership.objects.filter(group=group, role=Role.PARTNER).select_related("user").first()
    first_member = contact.member if contact else Member.objects.filter(group=group).order_by("name").first()
    first_site = Site.objects.filter(member=first_member).order_by("id").first()
    others = _sites(group, exclude=[first_member.pk])
    if first_site is None or len(others) < 5:
        log("Recrutement : pas assez d'adhérents avec un site, rien à faire.")
        return None
    actor = planner.user
    # 1. Cleaning: Mon/Wed/Fri 06:30–09:30 at the contact's member, Tue/Thu 07:00–10:30 elsewhere: 16 h.
    cleaning = _position(
        group,
        director,
        "Agent d'entretien des locaux",
        "K2204",
        [
            (first_site, [(d * DAY + 390, d * DAY + 570) for d in (0, 2, 4)]),
            (others[0], [(d * DAY + 420, d * DAY + 630) for d in (1, 3)]),
        ],
    )
    # 2. Administrative assistant: Mon/Tue 09:00–12:30 and Thu 14:00–17:30 at two members: 10 h 30.
    admin = _position(
        group,
        director,
        "Assistant administratif",
        "M1602",
        [
            (others[1], [(d * DAY + 540, d * DAY + 750) for d in (0, 1)]),
            (others[2], [(3 * DAY + 840, 3 * DAY + 1050)]),
        ],
    )
    # 3. Order picker, accepted without an offer yet: Mon–Fri 13:30–17:30, two members: 20 h.
    _position(
        group,
        director,
        "Préparateur de commandes",
        "N1103",
        [
            (others[3], [(d * DAY + 810, d * DAY + 1050) for d in (0, 1, 2)]),
            (others[4], [(d * DAY + 810, d * DAY + 1050) for d in (3, 4)]),
        ],
    )
    today = timezone.localdate()
    consent = today + dt.timedelta(days=365)
    candidates = {}
    for first, last, town, lat, lon, km, hmin, hmax, skills, windows in POOL:
        candidates[last] = services.save_candidate(
            actor=actor,
            group=group,
            first_name=first,
            last_name=last,
            email=f"{first.lower()}.{last.lower()}@exemple.org".replace("è", "e")
            .replace("é", "e")
            .replace("ï", "i"),
            city=town,
            latitude=Decimal(str(lat)),
            longitude=Decimal(str(lon)),
            travel_km=km,
            weekly_minutes_min=hmin * 60,
            weekly_minutes_max=hmax * 60,
            availability=_availability(windows),
            source=CandidateSource.STAFF,
            pool_consent_until=consent,
            skills=_skills(skills),
        )
    candidates["Zoé-unanswered"] = candidates["Marchand"]

    offer = services.create_offer_from_position(
        actor=actor,
        position=cleaning,
        description="Entretien des bureaux et des salles d'accueil de deux structures adhérentes, tôt le matin.",
        pay_min=Decimal("12.30"),
        pay_max=Decimal("13.10"),
        start_date=today + dt.timedelta(days=21),
        skills=[
            services.SkillSpec(Skill.objects.get(code="K2204"), Requirement.REQUIRED, 3, 2),
            services.SkillSpec(Skill.objects.get(code="TR-HYGIENE"), Requirement.REQUIRED, 2, 2),
            services.SkillSpec(Skill.objects.get(code="SE-RIGUEUR"), Requirement.DESIRED, 2, 2),
            services.SkillSpec(Skill.objects.get(code="SE-AUTONOMIE"), Requirement.DESIRED, 1, 2),
        ],
    )
    offer = services.set_offer_status(actor=actor, offer=offer, status="published")
    now = timezone.now()
    for last, status, days_ago, extra in STAGES:
        candidate = candidates[last]
        if extra == "partner" and partner is not None:
            Candidate.objects.filter(pk=candidate.pk).update(
                sent_by=partner.user, source=CandidateSource.PARTNER, sharing_consent=True
            )
        cv = SimpleUploadedFile("cv.pdf", DEMO_CV) if extra == "online" else None
        application = services.create_application(
            actor=None if extra == "online" else actor,
            offer=offer,
            candidate=candidate,
            cv=cv,
            cover_letter="Je suis disponible tôt le matin et j'habite à proximité."
            if extra == "online"
            else "",
        )
        path = {
            ApplicationStatus.SCREENING: ["screening"],
            ApplicationStatus.INTERVIEW: ["screening", "interview"],
            ApplicationStatus.PRIOR_TO_HIRE: ["screening", "interview", "prior_to_hire"],
            ApplicationStatus.REFUSED: ["screening", "refused"],
            ApplicationStatus.WITHDRAWN: ["withdrawn"],
        }.get(status, [])
        for step in path:
            application = services.transition(
                actor=actor,
                application=application,
                status=step,
                refusal_reason="too_far" if step == "refused" else "",
                message="Les deux lieux de travail sont à plus de 8 km de chez vous."
                if step == "refused"
                else "",
            )
        Application.objects.filter(pk=application.pk).update(
            status_changed_at=now - dt.timedelta(days=days_ago)
        )
        if extra == "appointment":
            from mutualis.appointments import services as appointments

            start = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=3), dt.time(10, 0)))
            appointments.create_appointment(
                actor=actor,
                group=group,
                kind="interview",
                title=f"Entretien — {offer.title}",
                starts_at=start,
                ends_at=start + dt.timedelta(minutes=45),
                place="Locaux du GE, Alençon",
                participants=[appointments.ParticipantSpec(name=candidate.full_name, email=candidate.email)],
                subject=application,
            )

    filled = services.create_offer_from_position(
        actor=actor, position=admin, pay_min=Decimal("12.80"), start_date=today + dt.timedelta(days=7)
    )
    filled = services.set_offer_status(actor=actor, offer=filled, status="published")
    hired = services.create_application(actor=actor, offer=filled, candidate=candidates["Bonnet"])
    for step in ("screening", "interview", "prior_to_hire"):
        hired = services.transition(actor=actor, application=hired, status=step)
    monday = today + dt.timedelta(days=7 - today.weekday())
    services.hire(membership=director, application=hired, start_date=monday)
    log(
        f"Recrutement : {group.name} — 3 postes, 2 offres (dont une pourvue), {len(POOL)} candidats, "
        f"{len(STAGES) + 1} candidatures, une embauche en CDI à partir du {monday:%d/%m/%Y}."
    )
    return offer
