"""Demo (issue 19): the taxable demo GE deposits its issued invoices with the PA simulator.

The GE went through its PA from its last billed month on (issuing through a PA is mandatory for
SMEs from 1 September 2027); its earlier invoices went by e-mail as Factur-X, so only the invoices of
the latest issue date are deposited (this also keeps seeding fast: each deposit renders a Factur-X).
Idempotent: a deposit exists once per document (tracking id = its public id) and the simulator
deduplicates. The oldest invoice goes up to « approuvée » then « encaissée » when paid; one member's
directory line is disabled so that one invoice shows a rejected deposit with its reason.
"""

from mutualis.billing import documents
from mutualis.billing.models import DocumentStatus, Invoice

from . import secrets, services
from .connector import SimulatedPA
from .models import PlatformSettings


def seed_einvoicing(group, *, log=lambda message: None):
    from mutualis.billing import selectors as billing_selectors

    if group.vat_regime != "subject":
        return 0
    pa = SimulatedPA()
    invoices = list(
        Invoice.objects.filter(group=group, status=DocumentStatus.ISSUED).order_by(
            "issue_date", "number", "id"
        )
    )
    invoices = [i for i in invoices if documents.is_e_invoice(i)]
    _seed_settings(group)
    if not invoices:
        return 0
    latest = invoices[-1].issue_date
    invoices = [i for i in invoices if i.issue_date == latest]
    # The last invoice's member has no active directory line: its deposit is rejected (213).
    rejected_member = invoices[-1].member
    pa.set_directory(rejected_member.siren, "Disabled")
    # In a GE of some size, three invoices of the latest issue date stay to be deposited by hand (the
    # invoice page's « Déposer »).
    left = sorted(
        i.pk
        for i in invoices
        if i.member_id != rejected_member.pk
        and billing_selectors.remaining_due(i) > 0  # still to be paid: the payment makes it « encaissée »
    )
    left = set(left[:3]) if len(invoices) > 10 else set()
    count = 0
    for index, invoice in enumerate(invoices):
        if invoice.member_id == rejected_member.pk and invoice != invoices[-1]:
            continue
        if invoice.pk in left:
            continue
        deposit = services.request_send(invoice)
        deposit = services.deposit(deposit.pk, connector=pa)
        if invoice != invoices[-1]:
            pa.advance(deposit.tracking_id, up_to=205 if index % 2 == 0 else 203)
        services.sync_statuses(deposit, connector=pa)
        services.report_payments(deposit, connector=pa)
        count += 1
    log(f"{group.name} : {count} factures déposées sur la plateforme agréée simulée.")
    return count


DEMO_WEBHOOK_KEY = "cle-de-demonstration-du-simulateur"


def _seed_settings(group):
    """The GE's platform settings: the default platform (the simulator) with a webhook signing key,
    created once (re-encrypting would change the stored value at every run). Not journaled, like the
    rest of the demo's data, so that `seed_demo --reset` can still delete the demo GE."""
    PlatformSettings.objects.get_or_create(
        group=group, defaults={"webhook_secret_encrypted": secrets.encrypt(DEMO_WEBHOOK_KEY)}
    )
