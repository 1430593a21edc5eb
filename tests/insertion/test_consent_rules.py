import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mutualis.insertion import consents
from mutualis.insertion.enums import GivenVia, Part, Purpose
from mutualis.insertion.models import add_months
from tests.insertion.factories import person, professional

pytestmark = pytest.mark.django_db


def _grant(beneficiary, organisation, **kwargs):
    kwargs.setdefault("given_via", GivenVia.SIGNED)
    return consents.grant(
        actor=None,
        beneficiary=beneficiary,
        organisation=organisation,
        purpose=Purpose.ACCOMPANIMENT,
        parts=kwargs.pop("parts", [Part.PLAN]),
        **kwargs,
    )


def test_twelve_months_by_default():
    beneficiary, other = person(), professional()
    grant = _grant(beneficiary, other.organisation)
    assert grant.expires_on == add_months(timezone.localdate(), 12)


def test_twenty_four_months_at_most():
    beneficiary, other = person(), professional()
    today = timezone.localdate()
    _grant(beneficiary, other.organisation, expires_on=add_months(today, 24))
    with pytest.raises(ValidationError, match="24 mois au plus"):
        _grant(beneficiary, other.organisation, expires_on=add_months(today, 24) + datetime.timedelta(days=1))


def test_an_expired_consent_is_refused():
    beneficiary, other = person(), professional()
    with pytest.raises(ValidationError, match="déjà expiré"):
        _grant(
            beneficiary,
            other.organisation,
            given_on=timezone.localdate() - datetime.timedelta(days=40),
            expires_on=timezone.localdate() - datetime.timedelta(days=1),
        )


def test_an_oral_consent_names_who_recorded_it():
    beneficiary, other = person(), professional()
    with pytest.raises(ValidationError, match="oral"):
        _grant(beneficiary, other.organisation, given_via=GivenVia.ORAL)


def test_a_consent_needs_known_parts():
    beneficiary, other = person(), professional()
    with pytest.raises(ValidationError):
        _grant(beneficiary, other.organisation, parts=["casier"])


def test_revocation_ends_access_at_once():
    beneficiary, other = person(), professional()
    grant = _grant(beneficiary, other.organisation)
    assert consents.allows(other, beneficiary, Part.PLAN)
    consents.revoke(actor=None, consent=grant)
    assert not consents.allows(other, beneficiary, Part.PLAN)
    with pytest.raises(consents.NotAllowed):
        consents.read(other, beneficiary, Part.PLAN)


def test_a_consent_ends_after_its_last_day():
    beneficiary, other = person(), professional()
    grant = _grant(beneficiary, other.organisation)
    assert grant.is_in_force(grant.expires_on)
    assert not grant.is_in_force(grant.expires_on + datetime.timedelta(days=1))
