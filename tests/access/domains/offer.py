"""Access cases of the local offer (issue 15).

The world's structure « Structure Xray » (organisation x) publishes Service-Xray: partner_org is its
staff. Another structure publishes Service-Yankee, to which partner_org (the référent of the
insertion person) has oriented her. The offer is public; orientations are seen by the structure
that sent them and the one that receives them; imports are the GE director's; the analysis is for
GE directors, planners and observers.
"""

import json

from tests.access.matrix import AUTHENTICATED, EVERYONE, NOBODY, Case

from .insertion import person

STAFF = frozenset({"partner_org"})
ORIENTERS = frozenset(
    {"partner_org", "director_a", "planner_a", "partner_a", "director_b", "planner_b", "partner_b"}
)
IMPORTERS = frozenset({"director_a", "director_b"})
ANALYSTS = frozenset({"director_a", "planner_a", "observer_a", "director_b", "planner_b", "observer_b"})
DATA_FREE = frozenset({"anonymous", "outsider", "director_a", "partner_org", "person_x"})


def _service(structure, name):
    from mutualis.offer.models import Service

    return Service.objects.create(
        structure=structure,
        source="acces",
        di_id=f"acces--{name}",
        nom=name,
        description="Un service pour les tests d'accès, assez long pour le schéma.",
        date_maj="2026-01-05",
        courriel="service@example.org",
        thematiques=["mobilite--louer-un-vehicule"],
        zone_eligibilite=["61"],
    )


def offer(w):
    """The world's offer, created on demand (each test's rows are rolled back)."""
    from mutualis.accounts.models import Membership
    from mutualis.insertion.enums import GivenVia
    from mutualis.offer import services
    from mutualis.offer.models import ImportRun, Orientation, Service, Structure
    from mutualis.organisations.models import Organisation

    found = Service.objects.filter(di_id="acces--Service-Yankee").first()
    if found is not None:
        return {
            "x": Service.objects.get(di_id="acces--Service-Xray"),
            "y": found,
            "orientation": Orientation.objects.get(service=found),
            "import": ImportRun.objects.get(original_name="Offre-Alpha.json"),
        }
    structure_x = Structure.objects.create(
        organisation=w.organisation_x,
        source="acces",
        di_id="acces--x",
        nom="Structure Xray",
        date_maj="2026-01-05",
    )
    other = Organisation.objects.create(name="Structure Yankee", kind="association")
    structure_y = Structure.objects.create(
        organisation=other, source="acces", di_id="acces--y", nom="Structure Yankee", date_maj="2026-01-05"
    )
    x, y = _service(structure_x, "Service-Xray"), _service(structure_y, "Service-Yankee")
    referent = Membership.objects.get(user=w.partner_org)
    orientation = services.orient(
        actor=w.partner_org,
        membership=referent,
        service=y,
        beneficiary=person(w),
        consent_given_via=GivenVia.SIGNED,
    )
    run = ImportRun.objects.create(
        user=w.director_a,
        group=w.group_a,
        original_name="Offre-Alpha.json",
        format="json",
        status="checked",
        content=json.dumps({"structures": [], "services": []}),
    )
    return {"x": x, "y": y, "orientation": orientation, "import": run}


def _pid(key):
    return lambda w: {"public_id": offer(w)[key].public_id}


def _token(w):
    from mutualis.offer.services import answer_token

    return {"token": answer_token(offer(w)["orientation"])}


def _service_form(w):
    return {
        "structure": offer(w)["x"].structure.pk,
        "nom": "Nouveau service",
        "description": "Une description suffisante pour le schéma data·inclusion.",
        "status": "published",
        "update_frequency": "half_yearly",
        "accepts_orientations": "on",
    }


def _orient_form(w):
    return {"beneficiary": str(person(w).public_id), "consent_given_via": "signed"}


def _api_service(w):
    return {
        "structure": str(offer(w)["x"].structure.public_id),
        "nom": "Service par l'API",
        "description": "Une description suffisante pour le schéma data·inclusion.",
    }


def _api_orientation(w):
    return {
        "service": str(offer(w)["y"].public_id),
        "beneficiary": str(person(w).public_id),
        "consent_given_via": "signed",
    }


def _api_import(w):
    return {"name": "vide.json", "content": json.dumps({"structures": [], "services": []}), "dry_run": True}


CASES = {
    # --- Pages ------------------------------------------------------------------------------------
    "offer:search": Case(read=EVERYONE, sample=DATA_FREE),
    "offer:export": Case(read=EVERYONE, sample=DATA_FREE, variants=("?format=csv&liste=structures",)),
    "offer:service": Case(kwargs=_pid("y"), read=EVERYONE, shows={}),
    "offer:orient": Case(kwargs=_pid("y"), read=ORIENTERS, write=STAFF, methods=("POST",), data=_orient_form),
    # The person asks her référent for an orientation (her own follow-up only).
    "offer:request": Case(kwargs=_pid("y"), write=frozenset({"person_x"}), methods=("POST",), get=False),
    "offer:service_edit": Case(
        kwargs=_pid("x"), read=STAFF, write=STAFF, methods=("POST",), data=_service_form
    ),
    "offer:service_status": Case(
        kwargs=_pid("x"), write=STAFF, methods=("POST",), data=lambda w: {"status": "archived"}, get=False
    ),
    "offer:my_services": Case(read=STAFF),
    "offer:service_create": Case(read=STAFF, write=STAFF, methods=("POST",), data=_service_form),
    "offer:orientations": Case(read=ORIENTERS),
    # The sender reads it; only the receiving structure answers (here: nobody signed in).
    "offer:orientation": Case(
        kwargs=_pid("orientation"),
        read=STAFF,
        write=NOBODY,
        methods=("POST",),
        data=lambda w: {"decision": "accept"},
    ),
    # The e-mailed link: whoever holds it answers, without an account.
    "offer:answer": Case(kwargs=_token, read=EVERYONE, write=EVERYONE, methods=("POST",)),
    "offer:imports": Case(read=IMPORTERS, write=IMPORTERS, methods=("POST",)),
    "offer:import": Case(
        kwargs=_pid("import"),
        read=frozenset({"director_a"}),
        write=frozenset({"director_a"}),
        methods=("POST",),
    ),
    "offer:analysis": Case(read=ANALYSTS),
    # --- API --------------------------------------------------------------------------------------
    "api:offer-structure-list": Case(read=AUTHENTICATED, api=True),
    "api:offer-structure-detail": Case(
        kwargs=lambda w: {"public_id": offer(w)["x"].structure.public_id},
        read=AUTHENTICATED,
        write=STAFF,
        methods=("PATCH",),
        data=lambda w: {"description": "Une description modifiée par la structure."},
        api=True,
    ),
    "api:offer-service-list": Case(
        read=AUTHENTICATED, write=STAFF, methods=("POST",), data=_api_service, api=True
    ),
    "api:offer-service-detail": Case(
        kwargs=_pid("x"),
        read=AUTHENTICATED,
        write=STAFF,
        methods=("PATCH",),
        data=lambda w: {"places_total": 4},
        api=True,
    ),
    "api:offer-search-list": Case(read=AUTHENTICATED, api=True),
    "api:offer-service-data-inclusion": Case(read=AUTHENTICATED, api=True),
    "api:offer-import-list": Case(
        read=IMPORTERS, write=IMPORTERS, methods=("POST",), data=_api_import, api=True
    ),
    "api:offer-import-detail": Case(kwargs=_pid("import"), read=frozenset({"director_a"}), api=True),
    "api:offer-orientation-list": Case(
        read=ORIENTERS, write=STAFF, methods=("POST",), data=_api_orientation, api=True
    ),
    "api:offer-orientation-detail": Case(kwargs=_pid("orientation"), read=STAFF, api=True),
    "api:offer-orientation-accept": Case(kwargs=_pid("orientation"), methods=("POST",), get=False, api=True),
    "api:offer-orientation-refuse": Case(
        kwargs=_pid("orientation"),
        methods=("POST",),
        get=False,
        data=lambda w: {"refusal_reason": "full"},
        api=True,
    ),
}
