"""Pages of billing settings and dated rates: director and accountant write, planner reads."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from mutualis.billing.models import BillingCoefficient, BillingSettings, MembershipFee, ReferencePay
from mutualis.core.models import AuditEvent
from tests.billing.helpers import bill

OCT = datetime.date(2026, 10, 1)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["director_a", "accountant_a"])
def test_finance_roles_add_a_dated_coefficient(client, billing, who):
    client.force_login(billing[who])
    url = reverse("billing:rate_create", args=["coefficients"])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"coefficient": "1.950", "contract_kind": "cdi", "rome_code": "", "valid_from": "2027-01-01"}
    )
    assert response.status_code == 302
    row = BillingCoefficient.objects.get()
    assert (row.group, row.coefficient, row.contract_kind) == (billing.group_a, D("1.950"), "cdi")
    assert AuditEvent.objects.filter(action="billing.rate_added").exists()
    page = client.get(reverse("billing:settings")).content.decode()
    assert "1,950" in page or "1.950" in page


@pytest.mark.django_db
def test_planner_reads_settings_but_cannot_write(client, billing):
    client.force_login(billing.planner_a)
    page = client.get(reverse("billing:settings"))
    assert (
        page.status_code == 200 and "la direction et la comptabilité les modifient" in page.content.decode()
    )
    url = reverse("billing:rate_create", args=["coefficients"])
    assert client.get(url).status_code == 403
    data = {"coefficient": "1.950", "contract_kind": "", "rome_code": "", "valid_from": "2027-01-01"}
    assert client.post(url, data).status_code == 403
    assert client.post(reverse("billing:settings"), {"reminder_interval_days": "10"}).status_code == 403
    assert not BillingCoefficient.objects.exists() and not BillingSettings.objects.exists()


@pytest.mark.django_db
def test_bad_input_names_the_field_and_saves_nothing(client, billing):
    client.force_login(billing.director_a)
    url = reverse("billing:rate_create", args=["coefficients"])
    response = client.post(url, {"coefficient": "0.5", "contract_kind": "", "valid_from": "2027-01-01"})
    assert response.status_code == 400
    assert "supérieure ou égale à 1" in response.content.decode()
    data = {"coefficient": "1.9", "contract_kind": "", "rome_code": "", "valid_from": "2027-01-01"}
    assert client.post(url, data).status_code == 302
    duplicate = client.post(url, data)
    assert duplicate.status_code == 400 and BillingCoefficient.objects.count() == 1
    assert client.get(reverse("billing:rate_create", args=["inconnu"])).status_code == 404


@pytest.mark.django_db
def test_a_rule_in_force_cannot_be_deleted(client, billing):
    p = billing
    past = BillingCoefficient.objects.create(group=p.group_a, coefficient=D("1.8"), valid_from=OCT)
    future = BillingCoefficient.objects.create(
        group=p.group_a, coefficient=D("1.9"), valid_from=timezone.localdate() + datetime.timedelta(days=30)
    )
    client.force_login(p.accountant_a)
    client.post(reverse("billing:rate_delete", args=["coefficients", past.public_id]))
    client.post(reverse("billing:rate_delete", args=["coefficients", future.public_id]))
    assert list(BillingCoefficient.objects.all()) == [past]
    client.force_login(p.director_b)
    assert (
        client.post(reverse("billing:rate_delete", args=["coefficients", past.public_id])).status_code == 404
    )


@pytest.mark.django_db
def test_fee_member_choices_are_the_ge_s_own(client, billing):
    p = billing
    client.force_login(p.director_a)
    url = reverse("billing:rate_create", args=["cotisations"])
    foreign = client.post(url, {"member": p.member_b1.pk, "year": "2027", "amount": "50"})
    assert foreign.status_code == 400 and not MembershipFee.objects.exists()
    assert client.post(url, {"member": p.member_a1.pk, "year": "2027", "amount": "50"}).status_code == 302
    reference = reverse("billing:rate_create", args=["remunerations-reference"])
    data = {
        "member": p.member_a1.pk,
        "job_title": "Agent d'entretien",
        "rome_code": "K2204",
        "hourly_pay": "14.00",
        "valid_from": "2026-01-01",
    }
    assert client.post(reference, data).status_code == 302
    assert ReferencePay.objects.get().group == p.group_a


@pytest.mark.django_db
def test_settings_option_vat_on_debits(client, billing):
    client.force_login(billing.director_a)
    response = client.post(
        reverse("billing:settings"),
        {"vat_on_debits": "on", "reminder_interval_days": "10", "payment_terms_days": "30"},
    )
    assert response.status_code == 302
    row = BillingSettings.objects.get(group=billing.group_a)
    assert row.vat_on_debits and row.reminder_interval_days == 10
    bad = client.post(reverse("billing:settings"), {"reminder_interval_days": "0"})
    assert bad.status_code == 400


@pytest.mark.django_db
def test_settings_page_query_count(client, billing, hours, django_assert_max_num_queries):
    p = billing
    bill(p, OCT, hours)
    for year in (2026, 2027, 2028):
        MembershipFee.objects.create(group=p.group_a, member=p.member_a1, year=year, amount=D("50"))
    client.force_login(p.director_a)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("billing:settings")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind, data",
    [
        ("taux-convenus", {"hourly_rate": "25", "valid_from": "2027-01-01"}),
        ("couts", {"employer_contribution_rate": "42", "paid_leave_rate": "10", "valid_from": "2027-01-01"}),
        ("subventions", {"label": "Région", "month": "2027-01", "amount": "100"}),
        ("couts-annuels", {"year": "2026", "amount": "20000"}),
    ],
)
def test_every_kind_of_rule_can_be_added(client, billing, kind, data):
    p = billing
    data = {**data, "member": p.member_a1.pk, "contract": p.contract_a.pk}
    data.setdefault("equal_treatment_bonus_per_hour", "0")
    client.force_login(p.accountant_a)
    url = reverse("billing:rate_create", args=[kind])
    assert client.get(url).status_code == 200
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert "Aucune ligne." in client.get(reverse("billing:settings")).content.decode()  # other kinds empty
