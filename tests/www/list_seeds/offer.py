"""The local offer: structures of outside organisations publish services; referents orient people."""

import itertools
import json

_numbers = itertools.count(1)


def _structure(p, organisation=None):
    from mutualis.offer.models import Structure
    from mutualis.organisations.models import Organisation

    number = next(_numbers)
    if organisation is None:
        organisation = Organisation.objects.create(name=f"Structure {number}", kind="association")
    return Structure.objects.create(
        organisation=organisation,
        source="liste",
        di_id=f"liste--structure-{number}",
        nom=f"Structure {number}",
        date_maj="2026-01-05",
        code_insee="61001",
        code_postal="61000",
        commune="Alençon",
    )


def _service(structure):
    from mutualis.offer.models import Service

    number = next(_numbers)
    return Service.objects.create(
        structure=structure,
        source="liste",
        di_id=f"liste--service-{number}",
        nom=f"Service {number}",
        description="Un service pour compter les requêtes d'une liste, assez long pour le schéma.",
        date_maj="2026-01-05",
        courriel="service@example.org",
        thematiques=["mobilite--louer-un-vehicule"],
        zone_eligibilite=["61"],
        code_insee="61001",
        code_postal="61000",
        commune="Alençon",
    )


def services(p, n):
    """Services of organisation x's structure (partner_org's own services)."""
    from mutualis.offer.models import Structure

    structure = Structure.objects.filter(organisation=p.organisation_x).first() or _structure(
        p, p.organisation_x
    )
    for _ in range(n):
        _service(structure)


def structures(p, n):
    """Structures of other organisations, one service each."""
    for _ in range(n):
        _service(_structure(p))


def orientations(p, n):
    """Orientations sent by partner_org to another structure's service, one person each."""
    from mutualis.accounts.models import Membership
    from mutualis.insertion.enums import GivenVia
    from mutualis.offer import services as offer_services

    from .insertion import _person, _referent

    referent = Membership.objects.get(user=p.partner_org)
    for _ in range(n):
        service = _service(_structure(p))
        offer_services.orient(
            actor=p.partner_org,
            membership=referent,
            service=service,
            beneficiary=_person(p, _referent(p)),
            consent_given_via=GivenVia.SIGNED,
        )


def imports(p, n):
    """Imports of the offer by GE a's director."""
    from mutualis.offer.models import ImportRun

    for _ in range(n):
        ImportRun.objects.create(
            user=p.director_a,
            group=p.group_a,
            original_name=f"Offre-{next(_numbers)}.json",
            format="json",
            status="checked",
            content=json.dumps({"structures": [], "services": []}),
        )
