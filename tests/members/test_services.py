import datetime

import pytest
from django.core.exceptions import ValidationError

from mutualis.accounts.tenancy import resolve_membership
from mutualis.core.identifiers import make_siret
from mutualis.core.models import AuditEvent
from mutualis.members import perms, services
from mutualis.members.models import Member

pytestmark = pytest.mark.django_db


def _fields(**overrides):
    fields = {
        "name": "Coopérative laitière",
        "kind": "company",
        "siret": make_siret(777),
        "vat_status": "subject",
        "joined_on": datetime.date(2025, 1, 1),
    }
    fields.update(overrides)
    return fields


def test_create_member_validates_and_journals(personas):
    member = services.create_member(actor=personas.director_a, group=personas.group_a, **_fields())
    assert member.pk and member.group == personas.group_a
    event = AuditEvent.objects.get(action="member.created")
    assert event.group == personas.group_a and event.actor == personas.director_a


def test_create_member_refuses_a_duplicate_siret_and_saves_nothing(personas):
    with pytest.raises(ValidationError):
        services.create_member(
            actor=personas.director_a, group=personas.group_a, **_fields(siret=personas.member_a1.siret)
        )
    assert not Member.objects.filter(name="Coopérative laitière").exists()
    assert not AuditEvent.objects.exists()


def test_services_are_keyword_only(personas):
    with pytest.raises(TypeError):
        services.archive_member(personas.director_a, personas.member_a1)


def test_archive_is_idempotent(personas):
    member = personas.member_a1
    services.archive_member(actor=personas.planner_a, member=member)
    first = member.archived_at
    services.archive_member(actor=personas.planner_a, member=member)
    assert member.archived_at == first
    assert AuditEvent.objects.filter(action="member.archived").count() == 1


def test_site_coordinates_come_in_pairs(personas):
    with pytest.raises(ValidationError):
        services.create_site(
            actor=personas.director_a, member=personas.member_a1, name="X", city="Sées", latitude=48
        )


def test_perms(personas):
    director = resolve_membership(personas.director_a)
    accountant = resolve_membership(personas.accountant_a)
    contact = resolve_membership(personas.contact_a1)
    assert perms.can_edit_member(director, personas.member_a1)
    assert not perms.can_edit_member(accountant, personas.member_a1)
    assert perms.can_view_member(accountant, personas.member_a1)
    assert perms.can_view_member(contact, personas.member_a1)
    assert not perms.can_view_member(contact, personas.member_a2)
    assert not perms.can_view_member(director, personas.member_b1)
    assert perms.can_view_site(contact, personas.site_a1)
    assert not perms.can_view_site(contact, personas.site_a2)
