import datetime

import pytest

from mutualis.accounts.tenancy import resolve_membership, scoped
from mutualis.billing import perms, services
from mutualis.billing.models import BillingCoefficient, Invoice

OCT = datetime.date(2026, 10, 1)


@pytest.mark.django_db
def test_invoice_visibility_by_role(personas):
    p = personas
    draft = Invoice.objects.create(group=p.group_a, member=p.member_a1, period=OCT)
    other_member = Invoice.objects.create(group=p.group_a, member=p.member_a2, period=OCT)
    director, accountant = resolve_membership(p.director_a), resolve_membership(p.accountant_a)
    contact, outsider = resolve_membership(p.contact_a1), resolve_membership(p.director_b)
    assert set(scoped(Invoice, director)) == {draft, other_member}
    assert set(scoped(Invoice, accountant)) == {draft, other_member}
    assert list(scoped(Invoice, contact)) == []  # drafts are not shown to members
    assert list(scoped(Invoice, outsider)) == []
    assert list(scoped(Invoice, resolve_membership(p.employee_user_a))) == []
    assert perms.can_view_invoice(director, draft)
    assert not perms.can_view_invoice(contact, draft)
    assert not perms.can_view_invoice(outsider, draft)
    # Billing is the finance side: director and accountant run and issue; the planner reads.
    assert perms.can_run_billing(director) and perms.can_run_billing(accountant)
    planner = resolve_membership(p.planner_a)
    assert not perms.can_run_billing(planner) and perms.can_view_billing(planner)
    assert not perms.can_view_billing(contact)
    services.issue_invoices(invoices=[draft, other_member])
    assert [i.pk for i in scoped(Invoice, contact)] == [draft.pk]
    assert perms.can_view_invoice(contact, Invoice.objects.get(pk=draft.pk))
    assert not perms.can_view_invoice(contact, Invoice.objects.get(pk=other_member.pk))


@pytest.mark.django_db
def test_rates_are_staff_only(personas):
    p = personas
    BillingCoefficient.objects.create(group=p.group_a, coefficient="1.9", valid_from=OCT)
    assert scoped(BillingCoefficient, resolve_membership(p.accountant_a)).count() == 1
    assert scoped(BillingCoefficient, resolve_membership(p.contact_a1)).count() == 0
    assert scoped(BillingCoefficient, resolve_membership(p.director_b)).count() == 0
