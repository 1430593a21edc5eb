"""Insertion journeys: a referent of organisation x (partner_org) holds the people."""

import itertools

from mutualis.insertion.enums import GivenVia, Part, Purpose
from tests.access.domains.insertion import ANSWERS  # the same diagnostic answers

_numbers = itertools.count(1)


def _referent(p):
    from mutualis.accounts.models import Membership

    return Membership.objects.get(user=p.partner_org)


def _person(p, referent, *, review=False):
    from mutualis.insertion import consents, services

    number = next(_numbers)
    beneficiary = services.create_beneficiary(
        actor=p.partner_org,
        membership=referent,
        first_name="Personne",
        last_name=f"Liste-{number}",
        email=f"liste-{number}@example.org",
    )
    services.record_diagnostic(actor=p.partner_org, beneficiary=beneficiary, answers=ANSWERS)
    axis = services.add_axis(actor=p.partner_org, follow_up=beneficiary.follow_up, theme="mobility")
    objective = services.add_objective(actor=p.partner_org, axis=axis, title=f"Objectif {number}")
    services.add_action(actor=p.partner_org, objective=objective, title=f"Action {number}")
    consents.grant(
        actor=p.partner_org,
        beneficiary=beneficiary,
        group=p.group_a,
        purpose=Purpose.POST_HIRE,
        parts=[Part.IDENTITY, Part.PLAN],
        given_via=GivenVia.SIGNED,
    )
    if review:
        services.submit_review(
            actor=p.partner_org, membership=referent, beneficiary=beneficiary, reason="Sans solution"
        )
    return beneficiary


def beneficiaries(p, n):
    """People followed by partner_org: a diagnostic, an axis with an objective and an action, a
    consent that GE a reads their identity and plan."""
    referent = _referent(p)
    for _ in range(n):
        _person(p, referent)


def reviews(p, n):
    """People submitted to the « sans solution » review."""
    referent = _referent(p)
    for _ in range(n):
        _person(p, referent, review=True)


def templates(p, n):
    """Diagnostic templates: new versions of the shipped one, each published in turn."""
    from mutualis.insertion import services

    for _ in range(n):
        draft = services.new_template_version(actor=None, template=services.current_template())
        services.publish_template(actor=None, template=draft)


def own_journey(p, n):
    """The person's own journey (person_x): n more objectives, each with an action."""
    from mutualis.insertion import services
    from mutualis.insertion.models import Beneficiary

    beneficiary = Beneficiary.objects.filter(user=p.person_x).first()
    if beneficiary is None:
        beneficiary = _person(p, _referent(p))
        Beneficiary.objects.filter(pk=beneficiary.pk).update(user=p.person_x)
    axis = beneficiary.follow_up.axes.first()
    for _ in range(n):
        number = next(_numbers)
        objective = services.add_objective(actor=p.partner_org, axis=axis, title=f"Objectif {number}")
        services.add_action(actor=p.partner_org, objective=objective, title=f"Action {number}")


def own_consents(p, n):
    """The person's own consents (person_x) to new organisations, and her correction requests."""
    from mutualis.insertion import consents, services
    from mutualis.insertion.models import Beneficiary
    from mutualis.organisations.models import Organisation

    own_journey(p, 0)
    beneficiary = Beneficiary.objects.get(user=p.person_x)
    for _ in range(n):
        organisation = Organisation.objects.create(name=f"Structure {next(_numbers)}", kind="association")
        consents.grant(
            actor=p.partner_org,
            beneficiary=beneficiary,
            organisation=organisation,
            purpose=Purpose.ORIENTATION,
            parts=[Part.IDENTITY],
            given_via=GivenVia.SIGNED,
        )
        services.request_correction(
            actor=p.person_x, beneficiary=beneficiary, part="identity", message="Mon nom"
        )
