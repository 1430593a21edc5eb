import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mutualis.training import services
from mutualis.training.models import TrainingRequest

from .conftest import membership_of

pytestmark = pytest.mark.django_db


def test_a_member_contact_asks_staff_decide_and_the_plan_draws_it(world, client):
    w = world
    client.force_login(w.contact_a1)
    r = client.post(
        reverse("training:requests"),
        {"employee": str(w.employee_a.pk), "subject": "Habilitation électrique", "wished_by": "2031-06-30"},
    )
    assert r.status_code == 302
    request = TrainingRequest.objects.get()
    assert (request.member, request.employee, request.status) == (w.member_a1, w.employee_a, "open")
    # Another member's contact neither sees it nor can ask for an employee not placed with her member.
    client.force_login(w.contact_a2)
    assert "Habilitation" not in client.get(reverse("training:requests")).content.decode()
    with pytest.raises(ValidationError) as exc:
        services.ask_training(membership=membership_of(w.contact_a2), employee=w.employee_a, subject="X")
    assert "employee" in exc.value.message_dict
    # A refusal needs an answer; an accepted request becomes a need of the plan of its year.
    with pytest.raises(ValidationError) as exc:
        services.decide_request(request=request, status="refused")
    assert "answer" in exc.value.message_dict
    client.force_login(w.director_a)
    client.post(
        reverse("training:request_decide", kwargs={"public_id": request.public_id}), {"status": "accepted"}
    )
    request.refresh_from_db()
    assert request.status == "accepted"
    plan = services.create_plan(group=w.group_a, year=2031)
    line = next(line for line in services.draw_needs(plan=plan) if line.key == f"ask:{request.pk}")
    assert (line.source, line.member, line.employee) == ("request", w.member_a1, w.employee_a)
    # The contact reads the decision through the API too.
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=w.contact_a1)[0].key}")
    rows = api.get("/api/v1/training-requests/").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [row["status"] for row in rows] == ["accepted"]
    r = api.post("/api/v1/training-requests/", {"subject": "SST"}, format="json")
    assert r.status_code == 201 and TrainingRequest.objects.filter(member=w.member_a1).count() == 2
    assert (
        api.post(
            f"/api/v1/training-requests/{request.public_id}/decide/", {"status": "refused"}, format="json"
        ).status_code
        == 403
    )


def test_a_request_for_a_skill_gets_the_catalogue_offer_in_the_plan(world):
    w = world
    asked = services.ask_training(
        membership=membership_of(w.director_a), member=w.member_a2, subject="Secourisme", skill=w.skill
    )
    plan = services.create_plan(group=w.group_a, year=asked.created_at.year)
    line = next(n for n in services.plan_needs(plan) if n["key"] == f"ask:{asked.pk}")
    assert (line["member"], line["offer"], line["cost"]) == (
        w.member_a2,
        w.offer,
        w.offer.actions.get().price,
    )
