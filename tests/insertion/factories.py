"""Insertion test helpers: a structure, its professionals, a person with her follow-up."""

from mutualis.accounts.models import Membership
from mutualis.accounts.roles import Role
from mutualis.insertion import services
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


def professional(organisation=None, username=None):
    organisation = organisation or OrganisationFactory()
    kwargs = {"user__username": username} if username else {}
    return MembershipFactory(group=None, organisation=organisation, role=Role.PARTNER, **kwargs)


def person(membership=None, **fields):
    """A person accompanied by `membership` (a new partner professional by default), who is her référent."""
    membership = membership or professional()
    fields.setdefault("first_name", "Leïla")
    fields.setdefault("last_name", "Benali")
    return services.create_beneficiary(actor=membership.user, membership=membership, **fields)


def person_login(beneficiary, username="personne-test"):
    user = UserFactory(username=username, email=f"{username}@example.org")
    membership = Membership.objects.create(user=user, role=Role.PERSON)
    beneficiary.user = user
    beneficiary.save(update_fields=["user"])
    return membership
