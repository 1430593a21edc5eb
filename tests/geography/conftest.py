import pytest


@pytest.fixture
def geography(db):
    """The shipped geography (loaded by a migration; reloaded if a transactional test emptied it)."""
    from mutualis.geography.loading import ensure_loaded

    ensure_loaded()
