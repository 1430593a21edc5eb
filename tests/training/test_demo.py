import pytest

from mutualis.demo import training as demo
from mutualis.training import services
from mutualis.training.models import (
    EmployeeCertification,
    Enrolment,
    SeatSale,
    TrainingDocument,
    TrainingPlan,
    TrainingSession,
)
from tests import factories

pytestmark = pytest.mark.django_db


def test_demo_seed_shares_a_session_between_two_ges_and_is_idempotent(world):
    w = world
    type(w.group_a).objects.filter(pk=w.group_a.pk).update(slug="ge-partage-orne")
    type(w.group_b).objects.filter(pk=w.group_b.pk).update(slug="ge-sport-sarthe")
    for _ in range(5):
        factories.ContractFactory(employee=factories.EmployeeFactory(group=w.group_a))
    session = demo.seed(log=lambda *a: None)
    assert set(Enrolment.objects.filter(session=session).values_list("group__slug", flat=True)) == {
        "ge-partage-orne",
        "ge-sport-sarthe",
    }
    assert set(Enrolment.objects.filter(session=session).values_list("fundings__funder", flat=True)) == {
        "OPCO EP",
        "AFDAS",
    }
    assert EmployeeCertification.objects.filter(group=w.group_a, expires_on__isnull=False).count() == 2
    w.group_a.refresh_from_db()
    assert w.group_a.opco == "OPCO EP"
    plan = TrainingPlan.objects.get(group=w.group_a)
    assert plan.lines.filter(source="other").exists() and plan.lines.filter(source="review").exists()
    sale = SeatSale.objects.get(group=w.group_a)
    assert sale.invoice.kind == "service" and sale.invoice.vat_amount > 0
    assert TrainingDocument.objects.filter(group=w.group_a, kind="programme").count() == 1
    lines = plan.lines.count()
    assert demo.seed(log=lambda *a: None) is None
    assert plan.lines.count() == lines and SeatSale.objects.count() == 1
    assert TrainingSession.objects.filter(number=demo.SESSION_NUMBER).count() == 1
    w.group_a.refresh_from_db()
    assert services.due_reviews(w.group_a)
