"""The access-matrix framework: personas, URL walking, markers of each persona's data, and checks.

A `Case` says, for one URL pattern, how to build its URL from the world (objects of GE a / member a1)
and which personas may read it (GET answers 200) or write to it. Everyone else must be refused:
302 to a login page, 401, 403, 404 or 405 — and a refused write must leave the database unchanged.
On top of that, every 200 answer is searched for the markers (names and public ids) of objects the
persona may not see (`VISIBLE`), whatever the case says.
"""

from __future__ import annotations

import contextlib
import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# --- Personas --------------------------------------------------------------------------------

STAFF_A = frozenset({"director_a", "planner_a", "accountant_a"})
STAFF_B = frozenset({"director_b", "planner_b", "accountant_b"})
WRITERS_A = frozenset({"director_a", "planner_a"})
WRITERS_B = frozenset({"director_b", "planner_b"})
USERS_A = STAFF_A | {"partner_a", "observer_a", "employee_user_a", "contact_a1", "contact_a2"}
USERS_B = STAFF_B | {"partner_b", "observer_b", "employee_user_b", "contact_b1"}
# Users of an outside organisation (not a GE): a professional of an insertion structure.
ORGANISATION_USERS = frozenset({"partner_org"})
# A user of a territorial organisation (CRGE): territories, GE projects, observatory, GPEC.
TERRITORIAL_USERS = frozenset({"officer_t"})
# A person accompanied in an insertion journey (her own space; no GE, no organisation).
PERSONS = frozenset({"person_x"})
SUPERUSER = frozenset({"superuser"})
AUTHENTICATED = (
    USERS_A | USERS_B | ORGANISATION_USERS | TERRITORIAL_USERS | PERSONS | SUPERUSER | {"outsider"}
)
ANONYMOUS = frozenset({"anonymous"})
EVERYONE = AUTHENTICATED | ANONYMOUS
NOBODY = frozenset()
PERSONAS = tuple(sorted(EVERYONE))

# Objects of the world, by key (see conftest.world). Their markers are their names and public ids.
REGISTRY_A = frozenset(
    {"group_a", "member_a1", "member_a2", "site_a1", "site_a2", "employee_a", "contract_a"}
)
REGISTRY_B = frozenset({"group_b", "member_b1", "site_b1", "employee_b", "contract_b"})
# A background job and an import batch per GE, started by its director.
OBJECTS_A = REGISTRY_A | {"job_a", "import_a"}
OBJECTS_B = REGISTRY_B | {"job_b", "import_b"}

# Which objects each persona may see somewhere in a page or an API answer. Anything else found in
# a 200 answer is a leak. Keep this in line with the querysets' `restrict_for_role`.
VISIBLE = {
    **dict.fromkeys(STAFF_A, OBJECTS_A),
    **dict.fromkeys(STAFF_B, OBJECTS_B),
    "partner_a": frozenset({"group_a"}),
    "observer_a": frozenset({"group_a"}),
    "partner_b": frozenset({"group_b"}),
    "observer_b": frozenset({"group_b"}),
    # An employee sees themself, their contracts and the places and members those contracts list.
    "employee_user_a": frozenset({"group_a", "employee_a", "contract_a", "site_a1", "member_a1"}),
    "employee_user_b": frozenset({"group_b", "employee_b", "contract_b", "site_b1", "member_b1"}),
    # A member contact sees their member, its sites and the employees whose contracts list it.
    "contact_a1": frozenset({"group_a", "member_a1", "site_a1", "employee_a"}),
    "contact_a2": frozenset({"group_a", "member_a2", "site_a2"}),
    "contact_b1": frozenset({"group_b", "member_b1", "site_b1", "employee_b"}),
    # A partner professional chooses the GE a person's consent shares her data with (GE names).
    "partner_org": frozenset({"group_a", "group_b"}),
    # The territorial officer sees the GEs of its territories that share with it (the access world
    # puts GE a and GE b in the officer's territory).
    "officer_t": frozenset({"group_a", "group_b"}),
    # The person sees to whom she gave consent (GE a, in the insertion cases).
    "person_x": frozenset({"group_a"}),
    "outsider": NOBODY,
    "anonymous": NOBODY,
    "superuser": OBJECTS_A | OBJECTS_B,
}

DENIED = frozenset({401, 403, 404, 405})
# The admin refuses every user without is_staff alike: a few personas stand for all in write probes.
ADMIN_PROBES = frozenset({"director_a", "director_b", "contact_a1", "outsider", "anonymous"})
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


def no_kwargs(world):
    return {}


def no_data(world):
    return {}


@dataclass(frozen=True)
class Case:
    """How one URL pattern is probed.

    kwargs: world -> URL kwargs (use objects of GE a, member a1: `w.member_a1.public_id`).
    path: world -> full path, for patterns without a name (instead of reversing kwargs).
    read: personas whose GET must answer one of `read_status` (default 200).
    write: personas allowed to send `methods` WITH `data(world)` (they are not probed; test the writes
        in your app's tests). When the data names objects of GE a or member a1, only their writers
        belong here: GE b's writers and other members' contacts are then probed and must be refused
        (a 400, or a form shown again with errors, and nothing saved).
    methods: the unsafe methods the view accepts; every persona outside `write` sends each of them with
        `data(world)` (make it VALID data, so only the permission check can stop it) and must be refused
        with the database unchanged.
    get: False for views that do not answer GET (POST-only): GET is then expected 405 or a login redirect.
    shows: {object key: personas} — those personas must find the object in the answer, so that a
        page answering 200 with nothing in it does not pass silently.
    api: the URL is part of the REST API: requests use token authentication and JSON bodies.
    probe: limit the write probes to these personas when they are all refused for the same reason
        (the admin refuses every non-staff user before any view code runs).
    sample: probe only these personas, for slow pages that hold no tenant data (the API schema).
    variants: query strings that change what the same view returns (exports): each is probed with
        the same expectations as the plain URL.
    heavy: the answer is a generated document (PDF, Factur-X), slow to build and compressed, so its
        content cannot be searched: one reader proves it answers; every non-reader is still probed.
    """

    kwargs: Callable = no_kwargs
    path: Callable | None = None
    read: frozenset = NOBODY
    read_status: frozenset = frozenset({200})
    write: frozenset = NOBODY
    methods: tuple = ()
    data: Callable = no_data
    get: bool = True
    shows: dict = field(default_factory=dict, compare=False)
    api: bool = False
    probe: frozenset | None = None  # personas probed with writes (None: all outside `write`)
    sample: frozenset | None = None  # personas probed at all (None: all); for data-free pages only
    variants: tuple = ()  # extra query strings probed like the plain URL, e.g. "?_export=csv"
    heavy: bool = False  # a generated document (PDF, Factur-X): one reader probed, every non-reader
    note: str = field(default="", compare=False)


# --- Walking the URL patterns --------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or "<unnamed> route" for a pattern without a name
    name: str | None
    route: str
    params: frozenset

    @property
    def id(self):
        suffix = f"[{','.join(sorted(self.params))}]" if self.params else ""
        return f"{self.key}{suffix}"


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            params = frozenset(pattern.pattern.regex.groupindex)
            if pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield Route(key=name, name=name, route=route, params=params)
            else:
                yield Route(key=f"<unnamed> {route}", name=None, route=route, params=params)


def all_routes():
    """Every URL pattern of the project, one Route per distinct (name, parameters)."""
    seen = {}
    for route in _walk(get_resolver().url_patterns):
        # The resolver of a prefix such as `admin/` reports its inner regexes with their own anchors.
        seen.setdefault((route.key, route.params), route)
    return list(seen.values())


# --- Generic cases (patterns classified by where they live) ---------------------------------------


def _admin_object(world, app_label, model_name):
    """An object for an admin URL: one of GE a when the model is a tenant model, else any row."""
    model = apps.get_model(app_label, model_name)
    qs = model._default_manager.all()
    field_names = {f.name for f in model._meta.get_fields()}
    if "group" in field_names:
        qs = qs.filter(group=world.group_a)
    obj = qs.order_by("pk").first()
    return obj.pk if obj is not None else 999_999


def _admin_case(route: Route) -> Case:
    """The Django admin is for platform admins only: everyone else is sent to the admin login."""
    # The superuser gets pages, redirects (missing object), 403 (an action the admin disables,
    # e.g. adding axes records) or 404 (no object, no "view on site").
    status = frozenset({200, 302, 403, 404})
    if route.name is None:
        # admin/<app>/<model>/<object_id>/ (a redirect to the change page) and the catch-all.
        parts = route.route.split("/")
        if "(?P<url>" in route.route or len(parts) < 4:
            return Case(path=lambda w: "/admin/nulle-part/", read=SUPERUSER, read_status=status)
        app_label, model_name = parts[1], parts[2]
        return Case(
            path=lambda w: f"/admin/{app_label}/{model_name}/{_admin_object(w, app_label, model_name)}/",
            read=SUPERUSER,
            read_status=status,
        )
    short = route.name.removeprefix("admin:")
    special = {
        "index": Case(read=SUPERUSER),
        # Authenticated non-staff users see the admin login form with a warning.
        "login": Case(read=EVERYONE, read_status=frozenset({200, 302}), write=EVERYONE, methods=("POST",)),
        # Logging out is harmless; non-staff users are sent back to the admin index.
        "logout": Case(read=EVERYONE, read_status=frozenset({302, 405}), write=EVERYONE, methods=("POST",)),
        "password_change": Case(read=SUPERUSER, write=SUPERUSER, methods=("POST",), probe=ADMIN_PROBES),
        "password_change_done": Case(read=SUPERUSER),
        "autocomplete": Case(read=SUPERUSER, read_status=frozenset({200, 403, 404})),
        "jsi18n": Case(read=SUPERUSER),
        "app_list": Case(kwargs=lambda w: {"app_label": "members"}, read=SUPERUSER),
        "view_on_site": Case(
            kwargs=lambda w: {
                "content_type_id": _content_type_id("members", "member"),
                "object_id": w.member_a1.pk,
            },
            read=SUPERUSER,
            read_status=status,
        ),
        "auth_user_password_change": Case(
            kwargs=lambda w: {"id": w.director_a.pk},
            read=SUPERUSER,
            write=SUPERUSER,
            methods=("POST",),
            data=lambda w: {"password1": "Nouveau-mot-de-passe-42", "password2": "Nouveau-mot-de-passe-42"},
            probe=ADMIN_PROBES,
        ),
    }
    if short in special:
        return special[short]
    for action in ("changelist", "add", "history", "delete", "change"):
        if short.endswith("_" + action):
            app_label, model_name = _split_app_model(short[: -len(action) - 1])
            kwargs = _object_kwargs(app_label, model_name) if "object_id" in route.params else no_kwargs
            # {"post": "yes"} is the admin's delete confirmation.
            data = (lambda w: {"post": "yes"}) if action == "delete" else no_data
            return Case(
                kwargs=kwargs,
                read=SUPERUSER,
                read_status=status,
                write=SUPERUSER,
                methods=("POST",) if action in ("add", "delete", "change") else (),
                data=data,
                probe=ADMIN_PROBES,
            )
    return Case(read=SUPERUSER, read_status=status)


def _content_type_id(app_label, model_name):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_by_natural_key(app_label, model_name).pk


def _split_app_model(app_model):
    for config in apps.get_app_configs():
        prefix = config.label + "_"
        if app_model.startswith(prefix):
            model_name = app_model[len(prefix) :]
            try:
                config.get_model(model_name)
            except LookupError:
                continue
            return config.label, model_name
    raise LookupError(app_model)


def _object_kwargs(app_label, model_name):
    return lambda w: {"object_id": _admin_object(w, app_label, model_name)}


def generic_case(route: Route) -> Case | None:
    """A case for patterns that need no app knowledge: the admin and the debug media server."""
    if route.route.startswith("admin/"):
        return _admin_case(route)
    if route.route.startswith("^media/") or route.route.startswith("media/"):
        # Served by Django only with DEBUG; nothing is public there.
        return Case(path=lambda w: "/media/rien-ici.txt", read=NOBODY)
    return None


# --- Markers, database fingerprint, answers -------------------------------------------------------


def markers(world, key):
    """Strings that reveal an object: its name (made distinctive in the world) and its public id."""
    obj = world[key]
    return (world.labels[key], str(obj.public_id))


def leaks(world, persona, body):
    """Markers of objects `persona` may not see that appear in `body`."""
    found = []
    for key in sorted((OBJECTS_A | OBJECTS_B) - VISIBLE[persona]):
        for marker in markers(world, key):
            if marker in body:
                found.append(f"{key} ({marker})")
    return found


def fingerprint():
    """Every row of the models a request could change, to prove a refused write changed nothing."""
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from mutualis.core.models import AuditEvent

    models = [
        m
        for m in apps.get_models()
        if (m.__module__.startswith("mutualis.") and m is not AuditEvent) or m in (Token,)
    ]
    user_model = get_user_model()
    snapshot = {}
    for model in models:
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if not (model is user_model and f.name == "last_login")
        ]
        snapshot[model._meta.label] = list(model._default_manager.order_by("pk").values_list(*fields))
    return snapshot


def change_counter():
    """A number that grows whenever any row is written in this connection (None: unknown here).

    Lets the matrix skip the full fingerprint after a refused write that wrote nothing at all.
    """
    from django.db import DatabaseError, connection, transaction

    queries = {
        "sqlite": "SELECT total_changes()",
        # This transaction's row counts (the matrix runs inside one).
        "postgresql": "SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables",
    }
    if connection.vendor not in queries:
        return None
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(queries[connection.vendor])
            return cursor.fetchone()[0]
    except DatabaseError:
        return None  # fall back to the full fingerprint


def login_redirect(response):
    if response.status_code != 302:
        return False
    location = response.headers.get("Location", "")
    login_paths = (reverse(settings.LOGIN_URL), reverse("admin:login"))
    return any(location.startswith(p) for p in login_paths)


def body_of(response):
    raw = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    if raw[:2] == b"PK":
        # An XLSX (or any zip): search the text of every member file.
        import io
        import zipfile

        with contextlib.suppress(zipfile.BadZipFile), zipfile.ZipFile(io.BytesIO(raw)) as archive:
            text = "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
            return html.unescape(text)  # XML character references (&#233;)
    content = raw.decode("utf-8", "replace")
    if response.headers.get("Content-Type", "").startswith("application/json"):
        # JSON may escape non-ASCII characters; compare on the decoded text too.
        with contextlib.suppress(ValueError):
            content += json.dumps(json.loads(content), ensure_ascii=False)
    if "&" in content:
        # Escaped HTML (&#x27;, &amp;…): search the text as a reader sees it too.
        content += html.unescape(content)
    return content
