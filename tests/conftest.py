"""Strict test settings: warnings are errors (pyproject), undefined template variables fail,
tests run in random order (pytest-randomly) and in parallel (pytest-xdist), and unordered
querysets come back shuffled."""

import os

import pytest

from tests import factories

# Fixtures through which a test reaches the database (pytest-django's and ours build on them).
DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_setup"}


class UndefinedTemplateVariable(str):
    """`string_if_invalid` that fails the test when a template uses an undefined variable."""

    def __mod__(self, other):
        raise AssertionError(f"Undefined template variable: {other!r}")

    def __bool__(self):
        # Django only applies string_if_invalid when it is truthy.
        return True


def pytest_configure(config):
    from django.conf import settings

    settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = UndefinedTemplateVariable("%s")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL, run only the tests that reach the database: the others (the engine, pure
    computations, parsers) behave the same on every database and already ran in the SQLite run.
    `MUTUALIS_PG_ALL=1` runs everything."""
    if not os.environ.get("DATABASE_URL") or os.environ.get("MUTUALIS_PG_ALL"):
        return
    kept, deselected = [], []
    for item in items:
        uses_db = item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(
            getattr(item, "fixturenames", ())
        )
        (kept if uses_db else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.fixture(autouse=True, scope="session")
def _keep_the_test_connection():
    """`close_old_connections` (on request_started/request_finished) must never close the connection
    that holds a test's transaction. Django's test client disconnects it while serving a request, but
    reconnects it when a streamed answer ends, and a test that closes an answer itself
    (`response.close()`) or calls the WSGI app directly fires it: on PostgreSQL with CONN_MAX_AGE, the
    test's connection was dropped once a minute old. Inside a transaction, the check does nothing."""
    from django.db.backends.base.base import BaseDatabaseWrapper

    original = BaseDatabaseWrapper.close_if_unusable_or_obsolete

    def close_unless_in_a_transaction(self):
        if not self.in_atomic_block:
            original(self)

    BaseDatabaseWrapper.close_if_unusable_or_obsolete = close_unless_in_a_transaction
    yield
    BaseDatabaseWrapper.close_if_unusable_or_obsolete = original


@pytest.fixture(autouse=True)
def _shuffle_unordered_querysets(monkeypatch):
    """An unordered queryset comes back in random order, so no test relies on the database's whim."""
    import random

    from django.db.models.query import QuerySet

    original = QuerySet._fetch_all

    def fetch_all(self):
        fresh = self._result_cache is None
        original(self)
        if fresh and not self.ordered and len(self._result_cache) > 1:
            random.shuffle(self._result_cache)

    monkeypatch.setattr(QuerySet, "_fetch_all", fetch_all)


@pytest.fixture(autouse=True)
def _french_by_default():
    """Every test starts in French: a request in English must not leak its language into the next test."""
    from django.utils import translation

    with translation.override("fr"):
        yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The simulated e-invoicing platform's own store (issue 19): one per test, never var/.
    settings.MUTUALIS_PA_SIMULATOR_STORE = tmp_path / "pa-simulator.json"


@pytest.fixture
def personas(db):
    """Two GEs, each with every role, and two members in the first GE (see tests/factories.py)."""
    return factories.build_personas()
