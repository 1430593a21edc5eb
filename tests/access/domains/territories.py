"""Access cases of territories, sharing agreements, the observatory and the GPEC (issue 16).

The access world puts GE a and GE b in one territory of the CRGE (organisation_t, user officer_t),
both sharing everything: the officer reads the territory's pages, each GE's staff read them too,
and only a GE's director changes what the GE shares.
"""

from tests.access.matrix import STAFF_A, STAFF_B, TERRITORIAL_USERS, Case

DIRECTORS = frozenset({"director_a", "director_b"})
TERRITORY_READERS = STAFF_A | STAFF_B | TERRITORIAL_USERS


def territory(w):
    """The CRGE's territory (Alençon and Damigny), holding GE a and GE b, each sharing everything."""
    from mutualis.territories import services
    from mutualis.territories.models import Territory

    existing = Territory.objects.filter(name="Territoire-Tango").first()
    if existing is not None:
        return existing
    created = services.create_territory(
        actor=None,
        name="Territoire-Tango",
        kind="custom",
        commune_codes=["61001", "61143"],
        organisation=w.organisation_t,
    )
    for key in ("a", "b"):
        services.set_sharing(
            actor=None,
            group=w[f"group_{key}"],
            territory=created,
            observatory=True,
            exchange=True,
            gpec=True,
            directory=True,
        )
    return created


def tid(w):
    return {"public_id": territory(w).public_id}


def territory_form(w):
    return {"name": "Territoire-Pirate", "kind": "custom", "commune_codes": "61001"}


def sharing_form(w):
    prefix = str(territory(w).public_id)
    return {f"{prefix}-observatory": "on", f"{prefix}-exchange": "on"}


def forecast_form(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = b"famille_metier;zone;projets_recrutement;part_difficile;part_saisonniere\nK22;Alencon;5;10;0\n"
    return {"name": "Source-Pirate", "year": "2026", "file": SimpleUploadedFile("bmo.csv", content)}


CASES = {
    "territories:list": Case(read=TERRITORY_READERS),
    "territories:create": Case(
        read=TERRITORIAL_USERS, write=TERRITORIAL_USERS, methods=("POST",), data=territory_form
    ),
    "territories:detail": Case(kwargs=tid, read=TERRITORY_READERS, shows={"group_a": TERRITORIAL_USERS}),
    "territories:sharing": Case(read=DIRECTORS),
    "territories:sharing_save": Case(
        kwargs=tid, get=False, write=DIRECTORS, methods=("POST",), data=sharing_form
    ),
    "territories:observatory": Case(
        kwargs=tid, read=TERRITORY_READERS, variants=("?_export=csv", "?_export=xlsx")
    ),
    "territories:gpec": Case(
        kwargs=tid,
        read=TERRITORY_READERS,
        write=TERRITORIAL_USERS,
        methods=("POST",),
        data=forecast_form,
        variants=("?_export=xlsx",),
    ),
    "api:observatory-indicator-list": Case(
        path=lambda w: f"/api/v1/observatory/indicators/?territory={territory(w).public_id}&quarter=2026-T3",
        read=TERRITORY_READERS,
        api=True,
    ),
    "api:gpec-forecast-list": Case(
        path=lambda w: f"/api/v1/gpec/forecasts/?territory={territory(w).public_id}",
        read=TERRITORY_READERS,
        api=True,
    ),
    "api:territory-list": Case(
        read=TERRITORY_READERS,
        write=TERRITORIAL_USERS,
        methods=("POST",),
        data=lambda w: {"name": "Territoire-Pirate", "kind": "custom", "commune_codes": ["61001"]},
        api=True,
    ),
    "api:territory-detail": Case(kwargs=tid, read=TERRITORY_READERS, api=True),
    "api:territory-sharing": Case(
        kwargs=tid,
        get=False,
        write=DIRECTORS,
        methods=("POST",),
        data=lambda w: {"observatory": True, "exchange": True, "gpec": True, "directory": True},
        api=True,
    ),
}
