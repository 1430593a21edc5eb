import pytest


@pytest.fixture
def geography(db):
    from mutualis.geography.loading import ensure_loaded

    ensure_loaded()
