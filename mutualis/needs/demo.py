"""Deterministic demo needs for a GE: what its members might declare, ready to consolidate."""

import random

from django.db import transaction

from mutualis.members.models import Member

from . import services
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
