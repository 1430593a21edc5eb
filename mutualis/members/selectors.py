"""Reads of members and sites, always from a membership's scoped rows."""

from django.db.models import Count, Prefetch, Q

from mutualis.accounts.models import Membership
from mutualis.accounts.roles import Role
from mutualis.accounts.tenancy import scoped

from .models import Member, MemberKind, Site


def member_list(membership):
    return scoped(Member, membership).annotate(
        sites_count=Count("sites", filter=Q(sites__archived_at__isnull=True), distinct=True)
    )


def site_list(membership):
    return scoped(Site, membership).select_related("member")


def member_sites(membership, member):
    return scoped(Site, membership).filter(member=member).order_by("archived_at", "name", "id")


def member_contacts(member):
    """Users who act as contacts of this member (the member itself was already scoped by the caller)."""
    return (
        Membership.objects.filter(member=member, group_id=member.group_id, role=Role.MEMBER_CONTACT)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username", "id")
    )


def member_with_sites(membership, public_id):
    return (
        scoped(Member, membership)
        .prefetch_related(Prefetch("sites", queryset=Site.objects.order_by("name", "id")))
        .get(public_id=public_id)
    )


def public_body_share(group):
    """(public bodies, active members). A mixed GE's public bodies may not exceed half its members."""
    counts = (
        Member.objects.filter(group=group)
        .active()
        .aggregate(public=Count("pk", filter=Q(kind=MemberKind.PUBLIC_BODY)), total=Count("pk"))
    )
    return counts["public"], counts["total"]


def public_bodies_exceed_half(group):
    public, total = public_body_share(group)
    return total > 0 and public * 2 > total
