"""Writes on members and sites: keyword-only, atomic, validated, journaled."""

from django.db import transaction
from django.utils import timezone

from mutualis.core import journal

from .models import Member, Site


def _apply(obj, fields):
    for name, value in fields.items():
        setattr(obj, name, value)


@transaction.atomic
def create_member(*, actor, group, **fields):
    member = Member(group=group)
    _apply(member, fields)
    member.full_clean()
    member.save()
    journal.record(action="member.created", actor=actor, group=group, target=member)
    return member


@transaction.atomic
def update_member(*, actor, member, **fields):
    _apply(member, fields)
    member.full_clean()
    member.save()
    journal.record(
        action="member.updated", actor=actor, group=member.group, target=member, fields=sorted(fields)
    )
    return member


@transaction.atomic
def archive_member(*, actor, member):
    if member.archived_at is None:
        member.archived_at = timezone.now()
        member.save(update_fields=["archived_at", "updated_at"])
        journal.record(action="member.archived", actor=actor, group=member.group, target=member)
    return member


@transaction.atomic
def unarchive_member(*, actor, member):
    if member.archived_at is not None:
        member.archived_at = None
        member.save(update_fields=["archived_at", "updated_at"])
        journal.record(action="member.unarchived", actor=actor, group=member.group, target=member)
    return member


@transaction.atomic
def create_site(*, actor, member, **fields):
    site = Site(group_id=member.group_id, member=member)
    _apply(site, fields)
    site.full_clean()
    site.save()
    journal.record(action="site.created", actor=actor, group=member.group, target=site)
    return site


@transaction.atomic
def update_site(*, actor, site, **fields):
    _apply(site, fields)
    site.full_clean()
    site.save()
    journal.record(action="site.updated", actor=actor, group=site.group, target=site, fields=sorted(fields))
    return site


@transaction.atomic
def archive_site(*, actor, site):
    if site.archived_at is None:
        site.archived_at = timezone.now()
        site.save(update_fields=["archived_at", "updated_at"])
        journal.record(action="site.archived", actor=actor, group=site.group, target=site)
    return site


@transaction.atomic
def unarchive_site(*, actor, site):
    if site.archived_at is not None:
        site.archived_at = None
        site.save(update_fields=["archived_at", "updated_at"])
        journal.record(action="site.unarchived", actor=actor, group=site.group, target=site)
    return site
