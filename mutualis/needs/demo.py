"""Deterministic demo needs for a GE: what its members might declare, ready to consolidate."""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from mutualis.members.models import Member

from . import services
from .instance import plan_to_public
from .models import Need, NeedKind
from .timeline import to_minutes

JOBS = [
    ("Agent d'entretien", "K2204"),
    ("Secrétaire", "M1607"),
    ("Commis de cuisine", "G1602"),
    ("Animateur sportif", "G1204"),
    ("Jardinier", "A1203"),
]
# Daily blocks (start hour, start minute, end hour, end minute): two needs of one member use two
# different blocks, so they never overlap.
BLOCKS = [(8, 0, 12, 0), (13, 30, 17, 30), (17, 30, 20, 0), (6, 0, 8, 0)]
SUMMER = list(range(27, 36))


def plan_needs(members, *, seed=0, per_member=(1, 2)):
    """A list of (member, site, need fields) — pure, deterministic for a seed and a member order."""
    rng = random.Random(seed)
    planned = []
    for member in members:
        sites = [s for s in member.sites.all() if s.archived_at is None]
        if not sites:
            continue
        blocks = rng.sample(BLOCKS, k=min(len(BLOCKS), rng.randint(*per_member)))
        for block in blocks:
            job_title, rome = rng.choice(JOBS)
            site = rng.choice(sites)
            fields = {
                "job_title": job_title,
                "rome_code": rome,
                "weeks": SUMMER if rng.random() < 0.15 else None,
            }
            if rng.random() < 0.2:
                fields.update(
                    kind=NeedKind.FLEXIBLE,
                    weekly_minutes=rng.choice([360, 480, 600]),
                    min_block_minutes=120,
                    max_block_minutes=240,
                    windows=[(to_minutes(day, 8), to_minutes(day, 18)) for day in range(5)],
                    slots=[],
                )
                # A flexible need cannot collide with fixed slots in the overlap rule; keep it simple.
            else:
                days = sorted(rng.sample(range(5), k=rng.randint(2, 5)))
                h1, m1, h2, m2 = block
                fields.update(
                    kind=NeedKind.FIXED,
                    slots=[(to_minutes(day, h1, m1), to_minutes(day, h2, m2)) for day in days],
                )
            planned.append((member, site, fields))
    return planned


@transaction.atomic
def seed_needs(group, *, seed=0, limit=None):
    """Create the planned needs of `group` (skipping members that already have needs). Returns the count."""
    members = (
        Member.objects.filter(group=group, archived_at__isnull=True).prefetch_related("sites").order_by("pk")
    )
    if limit:
        members = members[:limit]
    with_needs = set(Need.objects.filter(group=group).values_list("member_id", flat=True))
    created = 0
    for member, site, fields in plan_needs([m for m in members if m.pk not in with_needs], seed=seed):
        services.create_need(actor=None, group=group, member=member, site=site, **fields)
        created += 1
    return created


# --- a census campaign with answers and two consolidation runs (the GE that has lived) -------------

CAMPAIGN_NAME = "Recensement des besoins — printemps (démonstration)"
ANSWERS = [
    ("Mairie de Valframbert", 901_001, "Valframbert", "Secrétaire", "M1607", [(0, 9, 12), (2, 9, 12)]),
    (
        "Camping des Alpes mancelles",
        901_002,
        "Saint-Léonard-des-Bois",
        "Agent d'entretien",
        "K2204",
        [(5, 8, 12)],
    ),
    ("Association Vivre à Sées", 901_003, "Sées", "Animateur sportif", "G1204", [(2, 14, 17), (4, 17, 19)]),
]


def seed_history(group, *, log=print):
    """Once: an open campaign with three organisations' answers (two confirmed), then two consolidation
    runs of the GE's open needs, run here as a worker would run them, the first one's positions
    accepted. Returns False when the GE already has its demo campaign."""
    from django.test.utils import override_settings

    from mutualis.accounts.models import Membership
    from mutualis.accounts.roles import Role
    from mutualis.core.identifiers import make_siret
    from mutualis.jobs.services import execute

    from . import census, consolidation
    from .models import CampaignStatus, CensusCampaign, ConsolidationRun, RunStatus

    if CensusCampaign.objects.filter(group=group, name=CAMPAIGN_NAME).exists():
        return False
    director = Membership.objects.filter(group=group, role=Role.DIRECTOR, is_active=True).select_related(
        "user"
    )
    director = director.first()
    if director is None:
        return False
    today = timezone.localdate()
    # The demo's organisations are fictitious: their confirmation e-mails stay in memory.
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
        transaction.atomic(),
    ):
        campaign = census.create_campaign(
            actor=director.user,
            group=group,
            name=CAMPAIGN_NAME,
            territory="Orne et nord de la Sarthe",
            description="Dites-nous de quelles heures vous avez besoin : le GE les regroupe en emplois partagés.",
            opens_on=today - dt.timedelta(days=20),
            closes_on=today + dt.timedelta(days=40),
        )
        census.set_campaign_status(actor=director.user, campaign=campaign, status=CampaignStatus.OPEN)
        for index, (name, number, city, title, rome, blocks) in enumerate(ANSWERS):
            declaration = census.submit_declaration(
                campaign=campaign,
                needs=[
                    {
                        "job_title": title,
                        "rome_code": rome,
                        "kind": NeedKind.FIXED,
                        "slots": [(to_minutes(day, h1, 0), to_minutes(day, h2, 0)) for day, h1, h2 in blocks],
                        "city": city,
                    }
                ],
                organisation_name=name,
                siret=make_siret(number),
                contact_name="Contact de démonstration",
                contact_email=f"contact{index + 1}@example.org",
                city=city,
                confirmation_url=lambda token: f"/recensement/confirmer/{token}/",
            )
            if index < 2:
                census.confirm_declaration(token=declaration.confirmation_token)
    runs = []
    for label in ("Consolidation de printemps", "Consolidation de printemps — variante"):
        with transaction.atomic():
            run = consolidation.start_consolidation(
                actor=director.user, group=group, label=label, time_limit_seconds=5, seed=len(runs)
            )
        execute(run.job_id)  # what a worker does with the job
        runs.append(ConsolidationRun.objects.get(pk=run.pk))
    first = runs[0]
    if first.status == RunStatus.SUCCEEDED and first.plan:
        ids = [p["id"] for p in plan_to_public(first.plan, first.id_map)["positions"]][:2]
        if ids:
            with (
                override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
                transaction.atomic(),
            ):
                consolidation.accept_positions(run=first, position_ids=ids, actor=director.user)
    log(f"{group.name} : campagne de recensement avec 3 réponses, 2 consolidations (postes acceptés).")
    return True
