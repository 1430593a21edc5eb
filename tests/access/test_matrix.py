"""Every URL pattern × every persona: no one reads or writes another tenant's or another member's data.

The registry of cases is tests/access/cases.py; the framework is tests/access/matrix.py.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from .cases import CASES
from .matrix import (
    DENIED,
    PERSONAS,
    UNSAFE,
    VISIBLE,
    all_routes,
    body_of,
    change_counter,
    fingerprint,
    generic_case,
    leaks,
    login_redirect,
    markers,
)

ROUTES = all_routes()
AUTO_KWARGS = {"format": "json"}  # DRF's format suffix patterns


def case_for(route):
    return CASES.get(route.key) or generic_case(route)


def test_every_url_pattern_has_a_case():
    first_route = {}
    for route in ROUTES:
        if case_for(route) is None:
            first_route.setdefault(route.key, route.route)
    missing = [f"{key}  ({path})" for key, path in sorted(first_route.items())]
    assert not missing, (
        "These URL patterns have no access case; add one to tests/access/cases.py or tests/access/domains/<domain>.py:\n  "
        + "\n  ".join(missing)
    )


def test_every_case_names_an_existing_pattern():
    keys = {r.key for r in ROUTES}
    stale = sorted(set(CASES) - keys)
    assert not stale, "Cases for URL names that no longer exist: " + ", ".join(stale)


def test_every_persona_has_a_visibility():
    assert set(PERSONAS) == set(VISIBLE)


def build_url(route, case, world):
    if case.path is not None:
        return case.path(world)
    given = case.kwargs(world)
    kwargs = {}
    for param in route.params:
        if param in given:
            kwargs[param] = given[param]
        elif param in AUTO_KWARGS:
            kwargs[param] = AUTO_KWARGS[param]
        else:
            raise AssertionError(f"The case of {route.key} gives no value for the URL parameter {param!r}")
    return reverse(route.name, kwargs=kwargs)


def client_for(world, persona, case, session=False):
    """Pages use the persona's session; the API its token (or its session when `session`)."""
    if persona == "anonymous":
        return Client()
    if case.api and not session:
        return Client(headers={"authorization": f"Token {world.tokens[persona]}"})
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[persona]
    return client


def refused(response):
    return response.status_code in DENIED or login_redirect(response)


def write_refused(response, case):
    """A refused write: as a refused read, or 400 when the data names objects the writer cannot see;
    a page may also answer 200, its form shown again with the errors. In every case the database
    must be unchanged (checked apart)."""
    if refused(response) or response.status_code == 400:
        return True
    return not case.api and response.status_code == 200


def check_get(world, persona, case, url, failures, session=False):
    response = client_for(world, persona, case, session=session).get(url)
    status = response.status_code
    who = f"{persona} (session)" if session else persona
    if "?" in url:
        who += f" on ?{url.split('?', 1)[1]}"
    if case.get and persona in case.read:
        if status not in case.read_status:
            failures.append(f"GET as {who}: expected {sorted(case.read_status)}, got {status}")
    elif not refused(response):
        failures.append(
            f"GET as {who}: expected a refusal, got {status} {response.headers.get('Location', '')}"
        )
    if status == 200:
        body = body_of(response)
        found = leaks(world, persona, body)
        if found:
            failures.append(f"GET as {who}: shows data it may not see: {', '.join(found)}")
        for key, personas in case.shows.items():
            if persona in personas and not any(m in body for m in markers(world, key)):
                failures.append(f"GET as {who}: expected to show {key}")


def check_write(world, persona, case, url, method, before, failures):
    """Send one unsafe request that must be refused; return the database state to compare next."""
    client = client_for(world, persona, case)
    data = case.data(world)
    counter = change_counter()
    if case.api:
        response = client.generic(method, url, data=_json(data), content_type="application/json")
    elif method == "POST":
        response = client.post(url, data)
    else:
        response = client.generic(method, url)
    if not write_refused(response, case):
        failures.append(f"{method} as {persona}: expected a refusal, got {response.status_code}")
    if response.status_code == 200:
        found = leaks(world, persona, body_of(response))
        if found:
            failures.append(f"{method} as {persona}: shows data it may not see: {', '.join(found)}")
    if counter is not None and change_counter() == counter:
        return before  # not a single row written
    after = fingerprint()
    changed = sorted(label for label in before if before[label] != after[label])
    if changed:
        failures.append(f"{method} as {persona}: changed {', '.join(changed)}")
    # After a change, compare the next probes with the new state (so one leak is reported once).
    return after


# One persona per kind of outsider: another GE's writer, another member's contact, a read-only role
# of the same GE, and an anonymous visitor.
STRAY_POSTERS = frozenset({"director_b", "contact_a2", "accountant_a", "anonymous"})


def check_stray_post(world, persona, case, url, before, failures):
    client = client_for(world, persona, case)
    counter = change_counter()
    if case.api:
        response = client.post(url, data="{}", content_type="application/json")
    else:
        response = client.post(url, {})
    if response.status_code in (200, 201, 204) and case.api:
        failures.append(f"stray POST as {persona}: accepted with {response.status_code}")
    if counter is not None and change_counter() == counter:
        return before
    after = fingerprint()
    changed = sorted(label for label in before if before[label] != after[label])
    if changed:
        failures.append(f"stray POST as {persona}: changed {', '.join(changed)}")
    return after


def _json(data):
    import json

    return json.dumps(data, default=str)


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if case_for(r)], ids=lambda r: r.id)
def test_access(route, world):
    case = case_for(route)
    url = build_url(route, case, world)
    failures = []
    # DRF's format-suffix twin of a route (`…/<id>.json`) runs the same view: reads are probed
    # again, writes once on the plain route.
    methods = () if "format" in route.params else case.methods
    # A route that declares no write still gets a stray POST from a few outsiders to it: whatever
    # the view answers, it must write nothing (a view may accept POST without its case saying so).
    stray = not methods and "format" not in route.params and not route.route.startswith("admin/")
    before = fingerprint() if (methods or stray) else None
    first_reader = min(case.read, default=None)
    for persona in PERSONAS:
        if case.sample is not None and persona not in case.sample:
            continue
        if case.heavy and persona in case.read and persona != first_reader:
            continue
        check_get(world, persona, case, url, failures)
        for variant in case.variants:
            check_get(world, persona, case, url + variant, failures)
        if case.api and persona != "anonymous" and "format" not in route.params and not case.heavy:
            # The API's session authentication must give the same answers as its tokens.
            check_get(world, persona, case, url, failures, session=True)
        if persona in case.write or (case.probe is not None and persona not in case.probe):
            continue
        for method in methods:
            assert method in UNSAFE, method
            before = check_write(world, persona, case, url, method, before, failures)
        if stray and persona in STRAY_POSTERS and persona not in case.read:
            before = check_stray_post(world, persona, case, url, before, failures)
    assert not failures, f"{url}\n  " + "\n  ".join(failures)
