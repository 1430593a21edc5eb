"""Billing that explains itself (issue 11, item 5): a blocked run says why, one sentence per cause
with a link to the page that fixes it; it can be retried or removed."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from mutualis.billing import selectors, services
from mutualis.billing.compute import HourLine
from mutualis.billing.models import BillingRun, CostParameters, Invoice, MinimumWage, RunStatus
from tests.billing.conftest import aided_contract

OCT = datetime.date(2026, 10, 1)


@pytest.mark.django_db
def test_blocked_run_gives_one_sentence_per_cause_with_a_link(
    client, billing, hours, django_capture_on_commit_callbacks
):
    p = billing
    CostParameters.objects.all().delete()
    MinimumWage.objects.all().delete()
    aided = aided_contract(p.group_a, [p.member_a1], aid_rate_percent=D("60"), aid_weekly_hours_cap=D("20"))
    hours(
        p.group_a,
        OCT,
        [
            HourLine(p.member_a1.pk, p.contract_a.pk, OCT, actual_hours=D("10")),
            HourLine(p.member_a2.pk, p.contract_a.pk, OCT, actual_hours=None),
            HourLine(p.member_a1.pk, aided.pk, OCT, actual_hours=D("5")),
        ],
    )
    run = BillingRun.objects.create(group=p.group_a, month=OCT)
    services.execute_run(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.BLOCKED and run.get_status_display() != "Terminé"
    causes = selectors.run_causes(run)
    assert [c["code"] for c in causes] == ["hours_not_validated", "cost_parameters", "minimum_wage"]
    assert causes[0]["sentence"] == (
        "Les heures de 1 salarié ne sont ni validées par l'adhérent ni clôturées pour octobre 2026."
    )
    assert causes[1]["sentence"].startswith("Les paramètres de coût")
    assert (
        causes[2]["sentence"] == "Le SMIC horaire en vigueur en octobre 2026 manque pour calculer les aides."
    )

    client.force_login(p.accountant_a)
    body = client.get(reverse("billing:run_detail", args=[run.public_id])).content.decode()
    assert "Facturation bloquée" in body
    assert reverse("timesheets:overview", kwargs={"year": 2026, "month": 10}) in body
    assert reverse("billing:rate_create", kwargs={"kind": "couts"}) in body
    assert reverse("billing:minimum_wages") in body
    assert "Relancer le calcul" in body and "Supprimer cette facturation" in body

    # Fix the causes from the pages, then retry: the same run computes its drafts.
    client.post(
        reverse("billing:rate_create", kwargs={"kind": "couts"}),
        {
            "employer_contribution_rate": "30",
            "paid_leave_rate": "10",
            "equal_treatment_bonus_per_hour": "0",
            "valid_from": "2026-01-01",
        },
    )
    response = client.post(
        reverse("billing:minimum_wages"),
        {"hourly_amount": "11.88", "valid_from": "2024-11-01", "source": "Décret n° 2024-951"},
    )
    assert response.status_code == 302
    hours(
        p.group_a,
        OCT,
        [
            HourLine(p.member_a1.pk, p.contract_a.pk, OCT, actual_hours=D("10")),
            HourLine(p.member_a2.pk, p.contract_a.pk, OCT, actual_hours=D("4")),
            HourLine(p.member_a1.pk, aided.pk, OCT, actual_hours=D("5")),
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("billing:run_retry", args=[run.public_id]))
    run.refresh_from_db()
    assert run.status == RunStatus.DRAFTED, run.problems
    assert Invoice.objects.filter(run=run).count() == 2


@pytest.mark.django_db
def test_blocked_run_can_be_removed_not_a_run_with_invoices(client, billing, hours):
    p = billing
    CostParameters.objects.all().delete()
    hours(p.group_a, OCT, [HourLine(p.member_a1.pk, p.contract_a.pk, OCT, actual_hours=D("10"))])
    run = BillingRun.objects.create(group=p.group_a, month=OCT)
    services.execute_run(run_id=run.pk)
    client.force_login(p.director_a)
    client.post(reverse("billing:run_delete", args=[run.public_id]))
    assert not BillingRun.objects.filter(pk=run.pk).exists()

    CostParameters.objects.create(group=p.group_a, valid_from=OCT, employer_contribution_rate=D("30"))
    run = BillingRun.objects.create(group=p.group_a, month=OCT)
    services.execute_run(run_id=run.pk)
    client.post(reverse("billing:run_delete", args=[run.public_id]))
    assert BillingRun.objects.filter(pk=run.pk).exists()  # it has drafts: refused


@pytest.mark.django_db
def test_api_tells_causes_and_drafts(billing, hours):
    from rest_framework.test import APIClient

    def api(name):
        client = APIClient()
        client.force_authenticate(getattr(billing, name))
        return client

    p = billing
    CostParameters.objects.all().delete()
    hours(p.group_a, OCT, [HourLine(p.member_a1.pk, p.contract_a.pk, OCT, actual_hours=D("10"))])
    run = BillingRun.objects.create(group=p.group_a, month=OCT)
    services.execute_run(run_id=run.pk)
    url = reverse("api:billing-run-detail", kwargs={"public_id": run.public_id})
    body = api("accountant_a").get(url).json()
    assert body["status"] == "blocked"
    assert [c["code"] for c in body["causes"]] == ["cost_parameters"]
    assert body["drafts"] == {"count": 0, "total_excl_tax": "0", "total_incl_tax": "0"}
    assert api("planner_a").delete(url).status_code == 403
    assert api("accountant_a").delete(url).status_code == 204
