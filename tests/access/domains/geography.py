"""Geography (issue 15): public reference data, no tenant data anywhere."""

from ..matrix import AUTHENTICATED, EVERYONE, Case

CASES = {
    # Outlines and the commune autocomplete serve the public offer search too.
    "geography:outlines": Case(
        path=lambda w: "/geographie/contours/?niveau=departement&codes=61",
        read=EVERYONE,
        sample=frozenset({"anonymous", "outsider", "director_a"}),
    ),
    "geography:commune_search": Case(
        path=lambda w: "/geographie/communes/?q=alen",
        read=EVERYONE,
        sample=frozenset({"anonymous", "outsider", "director_a"}),
    ),
    "api:geography-commune-list": Case(read=AUTHENTICATED, api=True),
    "api:geography-commune-detail": Case(kwargs=lambda w: {"code": "61001"}, read=AUTHENTICATED, api=True),
}
