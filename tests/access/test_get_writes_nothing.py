"""No GET writes to the database: every page and API endpoint of the access matrix, read by one of
its readers (GE staff first), runs no INSERT, UPDATE or DELETE.

The routes, URLs and personas are the access matrix's (tests/access/cases.py); their sessions and
tokens exist before the request, so signing in writes nothing here.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .test_matrix import ROUTES, build_url, case_for, client_for

# Who reads a page for this test: GE staff when they may, else the first reader of the case.
PREFERRED = ("director_a", "planner_a", "accountant_a", "superuser")
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
# The one write a read must make: the journal of who read a person's insertion record (consent
# and GDPR accountability, docs/adr/2026-12-03-get-writes-nothing.md). It is append-only.
READ_JOURNALS = ('"insertion_accesslog"',)


def reader_of(case):
    for persona in PREFERRED:
        if persona in case.read:
            return persona
    return min(case.read, default=None)


def readable(route):
    case = case_for(route)
    return case is not None and case.get and reader_of(case) is not None and "format" not in route.params


def writes_of(queries):
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(WRITES)
        and not (q["sql"].lstrip().upper().startswith("INSERT") and any(t in q["sql"] for t in READ_JOURNALS))
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if readable(r)], ids=lambda r: r.id)
def test_get_writes_nothing(route, world):
    case = case_for(route)
    url = build_url(route, case, world)
    persona = reader_of(case)
    client = client_for(world, persona, case)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    response.close()  # a file answer (PDF, CV) closes its file (tests/conftest.py keeps the connection)
    assert response.status_code < 500, f"GET {url} as {persona}: {response.status_code}"
    written = writes_of(queries.captured_queries)
    assert not written, f"GET {url} as {persona} wrote:\n  " + "\n  ".join(w[:300] for w in written)
