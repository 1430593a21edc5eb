import pytest
from django.urls import reverse

from mutualis.needs.models import NeedStatus
from tests.needs.factories import NeedFactory


@pytest.mark.django_db
def test_staff_dashboard_lists_what_is_waiting(client, personas, django_assert_max_num_queries):
    NeedFactory(member=personas.member_a1, site=personas.site_a1, status=NeedStatus.OPEN)
    client.force_login(personas.planner_a)
    # 20 before training's two lines: certifications expiring (1 query), late reviews (3: rules,
    # reviews held, employees with their hire date) — none grows with rows.
    with django_assert_max_num_queries(24):
        response = client.get(reverse("home"))
    html = response.content.decode()
    assert "À traiter" in html
    assert "1 besoin ouvert à consolider" in html
    assert "factures impayées, dont 0 en retard" in html
    assert response.context["todo"]["open_needs"] == 1


@pytest.mark.django_db
def test_non_staff_dashboard_has_no_staff_todo(client, personas):
    client.force_login(personas.contact_a1)
    response = client.get(reverse("home"))
    assert "À traiter" not in response.content.decode()
