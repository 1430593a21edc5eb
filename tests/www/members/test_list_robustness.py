import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["members:list", "members:sites", "employees:list", "employees:contracts"])
@pytest.mark.parametrize(
    "params",
    [
        {"sort": "nope"},
        {"page": "abc"},
        {"page": "999"},
        {"status": "weird"},
        {"_export": "pdf"},
        {"member": "x"},
    ],
)
def test_odd_query_strings_do_not_break_lists(client, personas, name, params):
    client.force_login(personas.director_a)
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
