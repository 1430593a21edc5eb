"""List pages and the API list read a fixed number of queries, whatever the number of applications."""

from django.urls import reverse

from .factories import amige_application, spie_application


def _many(personas, amige, spie, n):
    for _ in range(n):
        amige_application(actor=personas.director_a, group=personas.group_a, call=amige)
        spie_application(actor=personas.director_a, group=personas.group_a, call=spie)


def test_list_page_queries(client, personas, amige, spie, django_assert_max_num_queries):
    _many(personas, amige, spie, 3)
    client.force_login(personas.director_a)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("funding:list")).status_code == 200


def test_api_list_queries(api, personas, amige, spie, django_assert_max_num_queries):
    _many(personas, amige, spie, 3)
    client = api("director_a")
    with django_assert_max_num_queries(20) as captured:
        response = client.get("/api/v1/funding/applications/")
    assert response.status_code == 200
    few = len(captured.captured_queries)
    _many(personas, amige, spie, 3)
    with django_assert_max_num_queries(few):
        client.get("/api/v1/funding/applications/")
