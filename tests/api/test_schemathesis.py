"""The API does what its OpenAPI schema says (issue 17, item 10).

Schemathesis generates requests for **every operation** of the schema drf-spectacular produces, sends
them to the application in-process (WSGI) as the demo GE's director, with the identifiers of real
objects of the seeded demo in most paths, and checks each answer: no server error, a documented status
code and content type, and a body that matches the documented schema. The run is bounded (a few
examples per operation, no shrinking) and deterministic (`derandomize`), so it runs in `make test`.

An operation that cannot be fuzzed would be listed in `UNFUZZABLE` with the reason; there is none.
"""

import collections
import io
import json

import pytest
import schemathesis
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from django.test import Client, override_settings
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mutualis.accounts.models import User

EXAMPLES_PER_OPERATION = 3
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
UNFUZZABLE = {}  # "METHOD /path/": why — none today
IDS_PER_RESOURCE = 5
# Jobs are queued, not run inline: seeding, a fuzzed consolidation or billing run would otherwise solve
# or bill inside the request.
QUEUED = {
    "TASKS": {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
    "ALLOWED_HOSTS": ["localhost", "testserver"],
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo GEs (a fifth of their size, every domain seeded), rolled back at the end."""
    with django_db_blocker.unblock(), override_settings(**QUEUED):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", "--scale", "0.2", stdout=io.StringIO())
            yield User.objects.get(username="directrice")
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def real_identifiers(spec, token):
    """For each collection path, the ids the director sees in its first page."""
    client = Client()
    found = collections.defaultdict(list)
    for path in spec["paths"]:
        if "{" in path:
            continue
        response = client.get(path, HTTP_AUTHORIZATION=f"Token {token}")
        if response.status_code != 200 or not response["Content-Type"].startswith("application/json"):
            continue
        data = response.json()
        rows = data.get("results") if isinstance(data, dict) else data
        for row in (rows or [])[:IDS_PER_RESOURCE]:
            if isinstance(row, dict):
                key = next((k for k in ("public_id", "id", "code") if k in row), None)
                if key:
                    found[path].append(str(row[key]))
    return found


@pytest.mark.django_db
@override_settings(**QUEUED)
def test_every_operation_answers_as_documented(demo):
    spec = json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True), default=str))
    schema = schemathesis.openapi.from_dict(spec)
    schema.app = get_wsgi_application()
    token = Token.objects.get_or_create(user=demo)[0].key
    headers = {"Authorization": f"Token {token}"}
    ids = real_identifiers(spec, token)
    assert len(ids) > 20, "the seeded demo gives real identifiers to most resources"

    failures = {}
    # The in-process WSGI app does not close the test's connection at the end of each request:
    # tests/conftest.py disconnects close_old_connections for the whole run.
    operations = run_all(schema, ids, headers, failures)
    assert operations > 200
    assert not failures, (
        f"{len(failures)} operation(s) answer what the schema does not say:\n\n"
        + "\n\n".join(f"== {label}\n{message}" for label, message in sorted(failures.items()))
    )


def run_all(schema, ids, headers, failures):
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if f"{operation.method.upper()} {operation.path}" in UNFUZZABLE:
            continue
        operations += 1
        fuzz(operation, ids.get(operation.path.split("{")[0], []), headers, failures)
    return operations


def fuzz(operation, real, headers, failures):
    """Send EXAMPLES_PER_OPERATION generated requests; record the first failure of the operation."""

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(), pick=st.integers(0, 9))
    def check(case, pick):
        if real and case.path_parameters and pick < 8:  # mostly real objects, sometimes unknown ones
            name = next(iter(case.path_parameters))
            case.path_parameters[name] = real[pick % len(real)]
        # Each request in a savepoint rolled back after it: examples stay independent, and a request
        # that breaks its transaction on PostgreSQL does not break the next ones.
        savepoint = transaction.savepoint()
        try:
            case.validate_response(case.call(headers=headers), checks=CHECKS)
        except BaseException as exc:  # schemathesis raises an exception group
            failures.setdefault(operation.label, str(exc)[:1200])
        finally:
            transaction.savepoint_rollback(savepoint)

    check()
