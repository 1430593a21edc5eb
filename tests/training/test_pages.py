import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from mutualis.training import services
from mutualis.training.models import EmployeeCertification, SeatSale, TrainingPlan

pytestmark = pytest.mark.django_db


def test_plan_pages_create_draw_add_and_show_the_budget(world, client):
    w = world
    client.force_login(w.director_a)
    r = client.post(reverse("training:plans"), {"year": 2031, "note": ""})
    plan = TrainingPlan.objects.get(group=w.group_a, year=2031)
    assert r.status_code == 302
    r = client.post(reverse("training:plans"), {"year": 2031, "note": ""})
    assert r.status_code == 400 and "déjà un plan" in r.content.decode()
    r = client.post(
        reverse("training:plan_line_add", kwargs={"public_id": plan.public_id}),
        {"source": "other", "label": "Bureautique", "cost": "100", "funder": "OPCO EP", "funding": "150"},
    )
    assert r.status_code == 400 and "financement attendu dépasse" in r.content.decode()
    client.post(
        reverse("training:plan_line_add", kwargs={"public_id": plan.public_id}),
        {"source": "other", "label": "Bureautique", "cost": "100", "funder": "OPCO EP", "funding": "60"},
    )
    client.post(reverse("training:plan_draw", kwargs={"public_id": plan.public_id}))
    page = client.get(reverse("training:plan", kwargs={"public_id": plan.public_id})).content.decode()
    assert "Bureautique" in page and "Budget par financeur" in page and "40,00 €" in page


def test_home_dashboard_and_reviews_show_expiring_certifications_and_records(world, client):
    w = world
    EmployeeCertification.objects.create(
        group=w.group_a,
        employee=w.employee_a,
        skill=w.skill,
        certified_on=dt.date.today() - dt.timedelta(days=700),
        expires_on=dt.date.today() + dt.timedelta(days=59),
    )
    w.contract_a.start_date = dt.date.today() - dt.timedelta(days=400)
    w.contract_a.save()
    review = services.record_review(employee=w.employee_a, kind="periodic", held_on=dt.date.today())
    client.force_login(w.director_a)
    home = client.get("/").content.decode()
    assert "1 compétence certifiée expire dans les 60 jours" in home
    assert "1 entretien professionnel en retard" in home  # the first review, due 12 months after hire
    page = client.get(reverse("training:reviews")).content.decode()
    assert "Sauveteur secouriste du travail" in page
    assert reverse("training:review_pdf", kwargs={"public_id": review.public_id}) in page
    # The employee finds the record in her own space and downloads it.
    client.force_login(w.employee_user_a)
    url = reverse("training:review_pdf", kwargs={"public_id": review.public_id})
    own = client.get(reverse("training:list")).content.decode()
    assert url in own
    assert "Mes compétences certifiées" in own and "à renouveler bientôt" in own
    r = client.get(url)
    assert r.status_code == 200 and r.content.startswith(b"%PDF")


def test_sales_page_sells_and_invoices(world, client):
    w = world
    client.force_login(w.director_a)
    r = client.post(
        reverse("training:sales"),
        {
            "session": str(w.session.pk),
            "buyer": str(w.member_a2.pk),
            "seats": 1,
            "unit_price": "380",
            "vat_rate": "20",
        },
    )
    assert r.status_code == 302
    sale = SeatSale.objects.get()
    assert sale.invoice.total_incl_tax == Decimal("456.00")
    r = client.post(
        reverse("training:sales"),
        {
            "session": str(w.session.pk),
            "buyer": str(w.member_a2.pk),
            "seats": 5,
            "unit_price": "380",
            "vat_rate": "20",
        },
    )
    assert r.status_code == 400 and "Il reste 2 place(s)" in r.content.decode()
