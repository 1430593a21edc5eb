"""Reads of employees and contracts, always from a membership's scoped rows."""

from django.db.models import Count, Prefetch

from mutualis.accounts.tenancy import scoped
from mutualis.members.models import Member, Site

from .models import Contract, Employee, Skill


def employee_list(membership):
    return (
        scoped(Employee, membership)
        .select_related("home_site", "home_site__member")
        .annotate(contracts_count=Count("contracts", distinct=True))
    )


def contract_list(membership):
    return scoped(Contract, membership).select_related("employee")


def employee_contracts(membership, employee):
    return (
        scoped(Contract, membership)
        .filter(employee=employee)
        .prefetch_related("potential_members", "places")
        .order_by("-start_date", "id")
    )


def employee_skills_by_kind(employee):
    """[(kind label, [skills])] in the referential's order, only kinds the employee has."""
    groups = {}
    for skill in employee.skills.all():
        groups.setdefault(skill.get_kind_display(), []).append(skill)
    return list(groups.items())


def contract_for_annex(membership, public_id):
    """A contract with everything its L1253-9 annex prints."""
    return (
        scoped(Contract, membership)
        .select_related("employee", "group")
        .prefetch_related(
            Prefetch(
                "potential_members",
                queryset=Member.objects.order_by("name", "id").prefetch_related(
                    Prefetch("sites", queryset=Site.objects.order_by("archived_at", "name", "id"))
                ),
            ),
            Prefetch(
                "places",
                queryset=Site.objects.select_related("member").order_by("member__name", "name", "id"),
            ),
        )
        .get(public_id=public_id)
    )


def skills_of_kind(kind):
    return Skill.objects.filter(kind=kind).order_by("label", "id")


def member_contracts(membership, member):
    """Contracts whose L1253-9 list names this member (empty for roles that may not see contracts)."""
    return (
        scoped(Contract, membership)
        .filter(potential_members=member)
        .select_related("employee")
        .order_by("-start_date", "id")
    )


def site_contracts(membership, site):
    return (
        scoped(Contract, membership)
        .filter(places=site)
        .select_related("employee")
        .order_by("-start_date", "id")
    )
