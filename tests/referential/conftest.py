import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture
def api(personas):
    """api(username) -> an APIClient authenticated with that persona's token."""

    def make(name):
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=personas[name])
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make
