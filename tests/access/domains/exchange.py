"""Access cases of the job exchange (issue 16): GE a and GE b share a territory; GE a publishes a
post, GE b answers it. Staff of both GEs read the post (never the publishing GE's name); only GE b
answers, only GE a closes its post and decides on the answer. Officers and everyone else: 404."""

from tests.access.matrix import STAFF_A, STAFF_B, WRITERS_A, WRITERS_B, Case

from .territories import territory

STAFF = STAFF_A | STAFF_B


def post(w):
    from mutualis.exchange import services
    from mutualis.exchange.models import Post

    existing = Post.objects.filter(group=w.group_a, job_title="Annonce-Tango").first()
    if existing is not None:
        return existing
    territory(w)
    return services.publish_post(
        actor=w.director_a,
        group=w.group_a,
        kind="free_hours",
        job_title="Annonce-Tango",
        rome_code="K2204",
        weekly_minutes=600,
        windows=[(480, 720), (1920, 2160), (3360, 3600)],
        commune_code="61001",
    )


def response(w):
    from mutualis.exchange import services
    from mutualis.exchange.models import Response

    existing = Response.objects.filter(group=w.group_b, post=post(w)).first()
    return existing or services.respond(
        actor=w.director_b, group=w.group_b, post=post(w), message="Réponse-Tango", weekly_minutes=240
    )


def post_id(w):
    return {"public_id": post(w).public_id}


def response_id(w):
    return {"public_id": response(w).public_id}


def post_form(w):
    return {
        "kind": "unfilled_need",
        "job_title": "Annonce-Pirate",
        "weekly_hours": "6",
        "windows": "mardi 08:00-14:00",
        "commune_code": "61001",
    }


CASES = {
    "exchange:list": Case(read=STAFF, shows={}),
    "exchange:create": Case(
        read=WRITERS_A | WRITERS_B, write=WRITERS_A | WRITERS_B, methods=("POST",), data=post_form
    ),
    "exchange:detail": Case(
        kwargs=post_id, read=STAFF, write=WRITERS_B, methods=("POST",), data=lambda w: {"message": "Bonjour"}
    ),
    "exchange:close": Case(kwargs=post_id, get=False, write=WRITERS_A, methods=("POST",)),
    "exchange:decide": Case(
        kwargs=response_id,
        get=False,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"path": "employee_signs"},
    ),
    "api:exchange-post-list": Case(
        read=STAFF,
        write=WRITERS_A | WRITERS_B,
        methods=("POST",),
        data=lambda w: {
            "kind": "unfilled_need",
            "job_title": "Annonce-Pirate",
            "weekly_minutes": 360,
            "commune_code": "61001",
        },
        api=True,
    ),
    "api:exchange-post-detail": Case(kwargs=post_id, read=STAFF, api=True),
    "api:exchange-post-close": Case(kwargs=post_id, get=False, write=WRITERS_A, methods=("POST",), api=True),
    "api:exchange-response-list": Case(
        read=STAFF,
        write=WRITERS_B,
        methods=("POST",),
        data=lambda w: {"post": str(post(w).public_id), "message": "Bonjour"},
        api=True,
    ),
    "api:exchange-response-detail": Case(kwargs=response_id, read=STAFF, api=True),
    "api:exchange-response-accept": Case(
        kwargs=response_id,
        get=False,
        write=WRITERS_A,
        methods=("POST",),
        data=lambda w: {"path": "employee_signs"},
        api=True,
    ),
    "api:exchange-response-decline": Case(
        kwargs=response_id, get=False, write=WRITERS_A, methods=("POST",), api=True
    ),
}
