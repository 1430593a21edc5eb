"""Writes on members and sites: keyword-only, atomic, validated, journaled."""

from django.db import transaction

from mutualis.core import journal
from mutualis.core.archiving import apply_fields, set_archived

from .models import Member, Site


@transaction.atomic
def create_member(*, actor, group, **fields):
    member = Member(group=group)
    apply_fields(member, fields)
    member.full_clean()
    member.save()
    journal.record(action="member.created", actor=actor, group=group, target=member)
    return member


@transaction.atomic
def update_member(*, actor, member, **fields):
    apply_fields(member, fields)
    member.full_clean()
    member.save()
    journal.record(
        action="member.updated", actor=actor, group=member.group, target=member, fields=sorted(fields)
    )
    return member


def archive_member(*, actor, member):
    return set_archived(actor=actor, obj=member, archived=True)


def unarchive_member(*, actor, member):
    return set_archived(actor=actor, obj=member, archived=False)


@transaction.atomic
def create_site(*, actor, member, **fields):
    site = Site(group_id=member.group_id, member=member)
    apply_fields(site, fields)
    site.full_clean()
    site.save()
    journal.record(action="site.created", actor=actor, group=member.group, target=site)
    return site


@transaction.atomic
def update_site(*, actor, site, **fields):
    apply_fields(site, fields)
    site.full_clean()
    site.save()
    journal.record(action="site.updated", actor=actor, group=site.group, target=site, fields=sorted(fields))
    return site


def archive_site(*, actor, site):
    return set_archived(actor=actor, obj=site, archived=True)


def unarchive_site(*, actor, site):
    return set_archived(actor=actor, obj=site, archived=False)
